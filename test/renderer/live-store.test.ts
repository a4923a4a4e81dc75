import { describe, expect, it } from 'vitest'
import type { FrameChanges } from '@renderer/live/frame'
import { MARKET_EVERY_MS } from '@renderer/live/live-store'
import type { Snapshot } from '../../src/shared/contract'
import type { Bar } from '../../src/shared/objects'
import { PROTOCOL_VERSION } from '../../src/shared/protocol'
import { emptySnapshot, HOST_SESSION_ID } from '../shared/fixtures'
import { contract, log, order, setup, tick, trade } from './fixtures'

describe('LiveStore', () => {
  it('starts the stream by subscribing, market data conflated by the host to ten batches a second', () => {
    const env = setup()
    expect(env.api.callsTo('session:subscribe')).toEqual([{ marketEveryMs: MARKET_EVERY_MS }])
  })

  it('applies a snapshot, then deltas by key, once per frame, and acks the last batch', () => {
    const env = setup()
    const frames: FrameChanges[] = []
    env.store.onFrame((changes) => frames.push(changes))
    env.snapshot({ contracts: [contract('IF2412')], ticks: [tick('IF2412', 3900)], orders: [order('1')] })
    expect(frames).toHaveLength(1)
    expect(frames[0].reset).toBe(true)
    expect(env.store.ticks.get('IF2412.CFFEX')?.lastPrice).toBe(3900)
    expect(env.api.callsTo('session:ack')).toEqual([{ seq: 0 }])

    // Two batches before one frame: applied together, the latest value per key wins.
    env.api.push({ seq: 1, items: { tick: [tick('IF2412', 3901)] } })
    env.api.push({
      seq: 2,
      items: {
        tick: [tick('IF2412', 3902), tick('IF2413', 3950)],
        order: [order('1', { status: 'ALLTRADED', traded: 1 })],
      },
    })
    expect(frames).toHaveLength(1)
    env.frames.run()
    expect(frames).toHaveLength(2)
    expect(frames[1].reset).toBe(false)
    expect(frames[1].tick.map((t) => [t.vtSymbol, t.lastPrice])).toEqual([
      ['IF2412.CFFEX', 3902],
      ['IF2413.CFFEX', 3950],
    ])
    expect(frames[1].order.map((o) => o.status)).toEqual(['ALLTRADED'])
    expect(env.store.ticks.size).toBe(2)
    expect(env.store.orders.get('SIM.1')?.status).toBe('ALLTRADED')
    expect(env.api.callsTo('session:ack')).toEqual([{ seq: 0 }, { seq: 2 }])
  })

  it('keeps live data out of Vue reactivity: only counters are reactive', async () => {
    const { isReactive } = await import('vue')
    const env = setup()
    env.snapshot({ ticks: [tick('IF2412', 3900)] })
    expect(isReactive(env.store.ticks)).toBe(false)
    expect(isReactive(env.store.ticks.get('IF2412.CFFEX'))).toBe(false)
    const before = env.store.frame.value
    env.push({ tick: [tick('IF2412', 3901)] })
    expect(env.store.frame.value).toBe(before + 1)
  })

  it('detects a gap in seq, ignores deltas and resyncs from a snapshot', () => {
    const env = setup()
    env.snapshot({ ticks: [tick('IF2412', 3900)] })
    env.api.push({ seq: 1, items: { tick: [tick('IF2412', 3901)] } })
    env.api.push({ seq: 3, items: { tick: [tick('IF2412', 3903)] } })
    env.api.push({ seq: 4, items: { tick: [tick('IF2412', 3904)] } })
    env.frames.run()
    expect(env.store.gaps.value).toBe(1)
    expect(env.store.ticks.get('IF2412.CFFEX')?.lastPrice).toBe(3901)
    expect(env.api.callsTo('session:subscribe')).toHaveLength(2)

    env.api.push({ seq: 9, snapshot: emptySnapshot({ ticks: [tick('IF2412', 3910)] }), items: {} })
    env.api.push({ seq: 10, items: { tick: [tick('IF2412', 3911)] } })
    env.frames.run()
    expect(env.store.ticks.get('IF2412.CFFEX')?.lastPrice).toBe(3911)
    expect(env.api.callsTo('session:ack').at(-1)).toEqual({ seq: 10 })
  })

  it('ignores a batch it has already applied', () => {
    const env = setup()
    env.snapshot({})
    env.push({ trade: [trade('1')] })
    env.api.push({ seq: 1, items: { trade: [trade('1', { price: 1 })] } })
    env.frames.run()
    expect(env.store.trades.get('SIM.1')?.price).toBe(3900)
    expect(env.store.gaps.value).toBe(0)
  })

  it('caps the log and counts what it dropped, including what the host dropped', () => {
    const env = setup({ logCapacity: 3 })
    const frames: FrameChanges[] = []
    env.store.onFrame((changes) => frames.push(changes))
    env.snapshot({ logs: [log('a'), log('b')], logsDropped: 10 })
    expect(env.store.logs.dropped).toBe(10)
    env.push({ log: [log('c'), log('d'), log('e')] })
    expect(env.store.logs.all().map((entry) => entry.message)).toEqual(['c', 'd', 'e'])
    expect(env.store.logs.dropped).toBe(12)
    const last = frames.at(-1)!
    expect(last.logsAdded.map((entry) => entry.message)).toEqual(['c', 'd', 'e'])
    expect(last.logsEvicted.map((entry) => entry.message)).toEqual(['a', 'b'])
  })

  it('caps trades, dropping the oldest and counting them', () => {
    const env = setup({ tradeCapacity: 2 })
    const frames: FrameChanges[] = []
    env.store.onFrame((changes) => frames.push(changes))
    env.snapshot({ trades: [trade('1')] })
    env.push({ trade: [trade('2'), trade('3'), trade('4')] })
    expect([...env.store.trades.keys()]).toEqual(['SIM.3', 'SIM.4'])
    expect(env.store.tradesDropped).toBe(2)
    const last = frames.at(-1)!
    expect(last.tradesEvicted.map((t) => t.tradeId)).toEqual(['1', '2'])
    expect(last.trade.map((t) => t.tradeId)).toEqual(['3', '4'])
  })

  it('works out events per second from successive metrics', () => {
    let now = 1_000
    const env = setup({ now: () => now })
    const metrics = (total: number) => ({
      lanes: [{ name: 'market', depth: 3, highWater: 5 }],
      dispatched: {},
      dispatchedTotal: total,
      handlerErrors: 0,
      handlerCount: 10,
      longestSliceMs: 1,
      timer: { count: 1, maxLateMs: 0, lastLateMs: 0 },
    })
    env.snapshot({})
    env.push({ metrics: [metrics(1000)] })
    now = 1_500
    env.push({ metrics: [metrics(6000)] })
    expect(env.store.eventsPerSecond).toBe(10_000)
  })

  it('builds 1-minute bars from every tick it applies and notes when each feed last ticked', () => {
    const env = setup()
    env.snapshot({})
    const t0 = Date.UTC(2026, 10, 26, 1, 30, 0)
    env.push({ tick: [tick('IF2412', 3900, { datetime: t0 + 1000, volume: 100 })] })
    env.push({ tick: [tick('IF2412', 3905, { datetime: t0 + 2000, volume: 103 })] })
    env.push({ tick: [tick('IF2412', 3898, { datetime: t0 + 61_000, volume: 110 })] })
    const minutes = env.store.liveBars.minutes('IF2412.CFFEX')
    const ohlcv = ({ datetime, openPrice, highPrice, lowPrice, closePrice, volume }: Bar) => [
      datetime,
      openPrice,
      highPrice,
      lowPrice,
      closePrice,
      volume,
    ]
    // The minute in progress is last; the first tick's volume is the day's so far, not this minute's.
    expect(minutes.map(ohlcv)).toEqual([
      [t0, 3900, 3905, 3900, 3905, 3],
      [t0 + 60_000, 3898, 3898, 3898, 3898, 7],
    ])
    expect(env.store.liveBars.firstMinute('IF2412.CFFEX')).toBe(t0)
    expect(env.store.lastTickAt.has('SIM')).toBe(true)
  })

  it('keeps live bars and feed ages across a resync: a snapshot tick is not a fresh arrival', () => {
    let now = 1_000
    const env = setup({ now: () => now })
    env.snapshot({ ticks: [tick('IF2412', 3900)] })
    expect(env.store.lastTickAt.has('SIM')).toBe(false)
    env.push({ tick: [tick('IF2412', 3901)] })
    expect(env.store.lastTickAt.get('SIM')).toBe(1_000)
    now = 9_000
    env.snapshot({ ticks: [tick('IF2412', 3902)] })
    expect(env.store.lastTickAt.get('SIM')).toBe(1_000)
    expect(env.store.liveBars.minutes('IF2412.CFFEX')).toHaveLength(1)
  })

  it('refuses a host speaking another protocol version: applies and acknowledges nothing from it, and says so', () => {
    const env = setup()
    env.api.push({ seq: 1, snapshot: emptySnapshot({ protocolVersion: 99, ticks: [tick('IF2412', 3900)] }), items: {} })
    env.api.push({ seq: 2, items: { order: [order('1')] } })
    env.frames.run()
    expect(env.store.protocolMismatch.value).toEqual({ host: 99, page: PROTOCOL_VERSION })
    expect(env.store.ticks.size + env.store.orders.size).toBe(0)
    expect(env.store.hostSessionId.value).toBeUndefined()
    expect(env.store.frame.value).toBe(0)
    expect(env.api.callsTo('session:ack')).toEqual([])

    // Reconnected to a host that speaks ours: its snapshot is applied and the warning goes.
    env.api.push({ seq: 1, snapshot: emptySnapshot({ ticks: [tick('IF2412', 3901)] }), items: {} })
    env.frames.run()
    expect(env.store.protocolMismatch.value).toBeUndefined()
    expect(env.store.ticks.get('IF2412.CFFEX')?.lastPrice).toBe(3901)
    expect(env.api.callsTo('session:ack')).toEqual([{ seq: 1 }])
  })

  it('refuses a host that names no protocol version, keeping what it showed before', () => {
    const env = setup()
    env.snapshot({ orders: [order('1')] })
    const { protocolVersion: _, ...unversioned } = emptySnapshot({ orders: [order('2')] })
    env.api.push({ seq: 1, snapshot: unversioned as Snapshot, items: {} })
    env.api.push({ seq: 2, items: { order: [order('3')] } })
    env.frames.run()
    expect(env.store.protocolMismatch.value).toEqual({ host: undefined, page: PROTOCOL_VERSION })
    expect([...env.store.orders.keys()]).toEqual(['SIM.1'])
    expect(env.api.callsTo('session:ack')).toEqual([{ seq: 0 }])
  })

  it("exposes the desk's run, so a reconnect to a restarted desk can be told from one to the same desk", () => {
    const env = setup()
    env.snapshot({})
    expect(env.store.hostSessionId.value).toBe(HOST_SESSION_ID)
    env.api.push({ seq: 1, snapshot: emptySnapshot({ hostSessionId: 'desk-run-2' }), items: {} })
    env.frames.run()
    expect(env.store.hostSessionId.value).toBe('desk-run-2')
  })

  it('stops listening when disposed', () => {
    const env = setup()
    expect(env.api.listenerCount()).toBe(2)
    env.store.dispose()
    expect(env.api.listenerCount()).toBe(0)
  })
})

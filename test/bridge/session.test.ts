import { afterEach, describe, expect, it } from 'vitest'
import { EVENT_LOG } from '../../src/shared/events'
import { coreModel, createHarness, crossingOrder, TestWindow, type Harness } from './harness'

const SYMBOLS = ['IF2612.CFFEX', 'rb2701.SHFE', 'm2701.DCE', 'BTCUSDT.BINANCE']

let harness: Harness

/** Stops the market and lets the last frame go out, so the window can be compared with the core. */
async function quiet(h: Harness): Promise<void> {
  h.desk.core.disconnect('SIM')
  await h.run(100)
}
afterEach(async () => {
  await harness.close()
})

async function subscribed(h: Harness, window: TestWindow): Promise<void> {
  await h.settle() // contracts arrive as events after connect
  expect(await window.invoke('market:subscribe', { vtSymbols: SYMBOLS })).toEqual({ ok: true, value: null })
  expect(await window.invoke('session:subscribe', {})).toEqual({ ok: true, value: null })
  await h.run(200)
}

describe('ClientSession', () => {
  it('sends a snapshot first, then deltas with no gap, and the window ends up with what the core holds', async () => {
    harness = createHarness()
    const window = new TestWindow(harness.desk)
    await harness.run(500) // some history before the window opens
    await subscribed(harness, window)
    for (let i = 0; i < 6; i++) {
      const result = await window.invoke(
        'order:send',
        crossingOrder(harness.desk, SYMBOLS[i % 2], i % 3 ? 'LONG' : 'SHORT'),
      )
      expect(result.ok).toBe(true)
      await harness.run(300)
    }
    await harness.run(2100) // timer polls bring positions and accounts
    await quiet(harness)
    expect(window.batches[0].seq).toBe(1)
    expect(window.batches[0].snapshot).toBeDefined()
    expect(window.batches.slice(1).every((b) => b.snapshot === undefined)).toBe(true)
    expect(window.gaps).toBe(0)
    expect(window.duplicateTrades).toBe(0)
    const core = coreModel(harness.desk)
    expect(core.trades.size).toBeGreaterThan(0)
    expect(window.model.orders).toEqual(core.orders)
    expect(window.model.trades).toEqual(core.trades)
    expect(window.model.ticks).toEqual(core.ticks)
    expect(window.model.positions).toEqual(core.positions)
    expect(window.model.accounts).toEqual(core.accounts)
    expect(window.model.logs).toEqual(core.logs)
  })

  it('coalesces ticks to the latest per symbol, keeps every order and trade, and sends market data at most once a frame', async () => {
    harness = createHarness({ tickRate: 500 })
    const window = new TestWindow(harness.desk, { now: () => harness.scheduler.now() })
    await subscribed(harness, window)
    const orderUpdates: string[] = []
    harness.desk.engine.register('eOrder.', (event) =>
      orderUpdates.push(`${event.data!.vtOrderId}:${event.data!.status}`),
    )
    const trades: string[] = []
    harness.desk.engine.register('eTrade.', (event) => trades.push(event.data!.vtTradeId))
    const ticksPut = { n: 0 }
    harness.desk.engine.register('eTick.', () => ticksPut.n++)
    const from = window.batches.length

    for (let i = 0; i < 8; i++) {
      await window.invoke('order:send', crossingOrder(harness.desk, SYMBOLS[i % SYMBOLS.length]))
      await harness.run(40)
    }
    await harness.run(1000, 2)
    await quiet(harness)

    const batches = window.batches.slice(from)
    // Market data goes out at most once a frame, orders or not: 16 ms at least between two batches with ticks.
    const withTicks = window.arrivals.filter((_, i) => i >= from && window.batches[i].items.tick !== undefined)
    expect(withTicks.length).toBeGreaterThan(30)
    for (let i = 1; i < withTicks.length; i++) expect(withTicks[i] - withTicks[i - 1]).toBeGreaterThanOrEqual(16)
    for (const b of batches) {
      const symbols = (b.items.tick ?? []).map((t) => t.vtSymbol)
      expect(new Set(symbols).size).toBe(symbols.length)
    }
    const ticksSent = batches.reduce((n, b) => n + (b.items.tick?.length ?? 0), 0)
    expect(ticksPut.n).toBeGreaterThan(ticksSent * 2) // coalescing did drop superseded ticks
    expect(window.model.ticks).toEqual(coreModel(harness.desk).ticks)
    const sentOrders = batches.flatMap((b) => (b.items.order ?? []).map((o) => `${o.vtOrderId}:${o.status}`))
    expect(sentOrders).toEqual(orderUpdates)
    expect(batches.flatMap((b) => (b.items.trade ?? []).map((t) => t.vtTradeId))).toEqual(trades)
    expect(trades.length).toBeGreaterThan(0)
    // Orders, trades and logs come first in every batch.
    for (const b of batches) {
      const kinds = Object.keys(b.items)
      const firstOther = kinds.findIndex((k) => !['order', 'trade', 'log'].includes(k))
      if (firstOther >= 0)
        expect(kinds.slice(firstOther).some((k) => ['order', 'trade', 'log'].includes(k))).toBe(false)
    }
  })

  it('sends an order update on the next turn, without waiting for the frame', async () => {
    harness = createHarness()
    const window = new TestWindow(harness.desk)
    await subscribed(harness, window)
    const before = window.batches.length
    await window.invoke('order:send', crossingOrder(harness.desk, 'rb2701.SHFE'))
    await harness.settle() // the clock does not move
    expect(window.batches.slice(before).some((b) => b.items.order !== undefined)).toBe(true)
  })

  it("paces market data at the window's marketEveryMs, latest tick per symbol, while orders still go at once", async () => {
    harness = createHarness({ tickRate: 500 })
    const window = new TestWindow(harness.desk, { now: () => harness.scheduler.now() })
    await harness.settle()
    await window.invoke('market:subscribe', { vtSymbols: SYMBOLS })
    expect(await window.invoke('session:subscribe', { marketEveryMs: 100 })).toEqual({ ok: true, value: null })
    await harness.run(200)
    const from = window.batches.length
    await harness.run(1000, 2)
    const withTicks = window.arrivals.filter((_, i) => i >= from && window.batches[i].items.tick !== undefined)
    expect(withTicks.length).toBeGreaterThanOrEqual(9)
    expect(withTicks.length).toBeLessThanOrEqual(11)
    for (let i = 1; i < withTicks.length; i++) expect(withTicks[i] - withTicks[i - 1]).toBeGreaterThanOrEqual(100)
    const before = window.batches.length
    await window.invoke('order:send', crossingOrder(harness.desk, 'rb2701.SHFE'))
    await harness.settle() // the clock does not move
    expect(window.batches.slice(before).some((b) => b.items.order !== undefined)).toBe(true)
    await quiet(harness)
    expect(window.model.ticks).toEqual(coreModel(harness.desk).ticks)
  })

  it('keeps a stalled window within its bound, marks it stale, and resyncs it from a fresh snapshot', async () => {
    const maxQueuedBytes = 2 << 20
    harness = createHarness({ tickRate: 200, session: { maxQueuedBytes, maxUnacked: 4, staleAfterMs: 60_000 } })
    const window = new TestWindow(harness.desk, { autoAck: false })
    await subscribed(harness, window)
    await window.ack()
    await harness.run(100)
    expect(window.batches.length).toBeLessThanOrEqual(window.session.stats().acked + 4)

    let peakBytes = 0
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 500; i++) harness.desk.core.writeLog(`flood ${round}.${i} ${'x'.repeat(200)}`, 'test')
      await harness.run(20)
      peakBytes = Math.max(peakBytes, window.session.stats().queuedBytes)
    }
    const stalled = window.session.stats()
    expect(stalled.seq - stalled.acked).toBe(4)
    expect(peakBytes).toBeLessThanOrEqual(maxQueuedBytes + 1024)
    expect(stalled.stale).toBe(true)
    expect(stalled.queued).toBe(0) // a stale session holds nothing: the snapshot will carry it all

    const sent = window.batches.length
    window.autoAck = true
    await window.ack()
    await harness.run(100)
    const resync = window.batches[sent]
    expect(resync.seq).toBe(stalled.seq + 1)
    expect(resync.snapshot).toBeDefined()
    expect(window.session.stats().stale).toBe(false)
    await harness.run(500)
    await quiet(harness)
    const core = coreModel(harness.desk)
    // The core keeps the latest 10,000 logs; the window here keeps all it was sent.
    expect(window.model.logs.slice(-core.logs.length)).toEqual(core.logs)
    expect(window.model.orders).toEqual(core.orders)
    expect(window.model.ticks).toEqual(core.ticks)
    expect(window.gaps).toBe(0)
  })

  it('marks a window stale after staleAfterMs without an ack even if little is queued', async () => {
    harness = createHarness({ session: { maxUnacked: 2, staleAfterMs: 1000 } })
    const window = new TestWindow(harness.desk, { autoAck: false })
    await subscribed(harness, window)
    await harness.run(1500)
    expect(window.session.stats().stale).toBe(true)
    expect(window.session.stats().queued).toBe(0)
  })

  it('filters by kind and symbol, through keyed handlers for ticks', async () => {
    harness = createHarness()
    const engine = harness.desk.engine
    const window = new TestWindow(harness.desk)
    await harness.settle()
    await window.invoke('market:subscribe', { vtSymbols: SYMBOLS })
    const baseline = engine.handlerCount()
    await window.invoke('session:subscribe', { kinds: ['tick', 'order'], vtSymbols: ['rb2701.SHFE'] })
    expect(engine.handlerCount()).toBe(baseline + 2)
    expect(engine.types()).toContain('eTick.rb2701.SHFE')
    await harness.run(1500)
    await quiet(harness)
    const snapshot = window.batches[0].snapshot!
    expect(snapshot.positions).toEqual([])
    expect(snapshot.logs).toEqual([])
    for (const b of window.batches) {
      expect(Object.keys(b.items).every((k) => k === 'tick' || k === 'order')).toBe(true)
      expect((b.items.tick ?? []).every((t) => t.vtSymbol === 'rb2701.SHFE')).toBe(true)
    }
    expect(window.model.ticks.get('rb2701.SHFE')).toEqual(harness.desk.core.getTick('rb2701.SHFE'))
    // Subscribing again replaces the handlers rather than adding to them.
    const withTwo = engine.handlerCount()
    await window.invoke('session:subscribe', { kinds: ['log'] })
    expect(engine.handlerCount()).toBe(withTwo - 1)
    window.session.dispose()
    expect(engine.handlerCount()).toBe(withTwo - 2)
  })

  it('pushes engine metrics about once a second', async () => {
    harness = createHarness()
    const window = new TestWindow(harness.desk)
    await window.invoke('session:subscribe', { kinds: ['metrics'] })
    await harness.run(3100, 20)
    const metrics = window.batches.flatMap((b) => b.items.metrics ?? [])
    expect(metrics.length).toBe(3)
    expect(metrics[0].handlerCount).toBe(harness.desk.engine.handlerCount())
  })

  it('dispose() is idempotent, returns handlerCount to its baseline and sends nothing after', async () => {
    harness = createHarness()
    const engine = harness.desk.engine
    const baseline = engine.handlerCount()
    const window = new TestWindow(harness.desk)
    await subscribed(harness, window)
    expect(engine.handlerCount()).toBeGreaterThan(baseline)
    expect(harness.desk.bridge.stats().sessions).toBe(1)
    window.session.dispose()
    window.session.dispose()
    expect(engine.handlerCount()).toBe(baseline)
    expect(harness.desk.bridge.stats().sessions).toBe(0)
    const sent = window.batches.length
    harness.desk.engine.put({ type: EVENT_LOG, data: { time: 0, level: 'INFO', source: 'test', message: 'after' } })
    await harness.run(100)
    expect(window.batches.length).toBe(sent)
    expect(await window.invoke('session:subscribe', {})).toEqual({ ok: true, value: null })
    expect(engine.handlerCount()).toBe(baseline) // a disposed session stays disposed
  })

  it('1,000 open/subscribe/close cycles leave handlerCount and sessions at baseline', async () => {
    harness = createHarness()
    const engine = harness.desk.engine
    await harness.run(200)
    const baseline = engine.handlerCount()
    for (let i = 0; i < 1000; i++) {
      const window = new TestWindow(harness.desk)
      await window.invoke('session:subscribe', i % 2 ? {} : { vtSymbols: ['IF2612.CFFEX', 'rb2701.SHFE'] })
      if (i % 100 === 0) await harness.run(20)
      window.session.dispose()
    }
    await harness.run(100)
    expect(engine.handlerCount()).toBe(baseline)
    expect(harness.desk.bridge.stats().sessions).toBe(0)
  })

  it('refuses an ack for a batch never sent, and changes nothing', async () => {
    harness = createHarness()
    const window = new TestWindow(harness.desk)
    await subscribed(harness, window)
    const before = window.session.stats()
    const result = await window.invoke('session:ack', { seq: before.seq + 10 })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'seq' } })
    expect(window.session.stats()).toEqual(before)
  })
})

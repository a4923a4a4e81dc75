import { afterEach, describe, expect, it } from 'vitest'
import { Bridge, type StrategyService } from '../../src/main/bridge'
import { CommandFailure } from '../../src/shared/command-failure'
import type { StrategyCatalogue } from '../../src/shared/contract'
import { BarGenerator, aggregateBars } from '../../src/shared/bar-generator'
import { EVENT_TICK } from '../../src/shared/events'
import type { Interval } from '../../src/shared/intervals'
import { MINUTE } from '../../src/shared/numbers'
import type { Bar } from '../../src/shared/objects'
import { tradingDayOf } from '../../src/shared/trading-day'
import type { StrategyState } from '../../src/shared/strategy'
import packageJson from '../../package.json'
import { createHarness, crossingOrder, TestWindow, type Harness } from './harness'

let harness: Harness
afterEach(() => harness.close())

async function ready(): Promise<TestWindow> {
  harness = createHarness()
  await harness.settle()
  const window = new TestWindow(harness.desk)
  await window.invoke('market:subscribe', { vtSymbols: ['rb2701.SHFE', 'IF2612.CFFEX'] })
  await harness.run(300)
  return window
}

describe('CommandRouter', () => {
  it('sends an order that fills, and answers with its vtOrderId', async () => {
    const window = await ready()
    const reply = await window.invoke('order:send', crossingOrder(harness.desk, 'rb2701.SHFE'))
    expect(reply).toMatchObject({ ok: true, value: { vtOrderId: expect.stringMatching(/^SIM\./) } })
    await harness.run(100)
    const { vtOrderId } = (reply as { value: { vtOrderId: string } }).value
    expect(harness.desk.core.getOrder(vtOrderId)?.status).toMatch(/TRADED/)
  })

  it('answers a risk rejection as success with a REJECTED order (the order exists from here on)', async () => {
    const window = await ready()
    const order = { ...crossingOrder(harness.desk, 'rb2701.SHFE'), price: 3500.5 } // off the 1.0 tick grid
    const reply = await window.invoke('order:send', order)
    expect(reply.ok).toBe(true)
    await harness.settle()
    const sent = harness.desk.core.getOrder((reply as { value: { vtOrderId: string } }).value.vtOrderId)
    expect(sent).toMatchObject({ status: 'REJECTED', rejectReason: expect.any(String) })
  })

  it('refuses unknown contracts, gateways and orders with NOT_FOUND and the field', async () => {
    const window = await ready()
    const order = crossingOrder(harness.desk, 'rb2701.SHFE')
    expect(await window.invoke('order:send', { ...order, vtSymbol: 'XX1.SHFE' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'vtSymbol' },
    })
    expect(await window.invoke('order:send', { ...order, gatewayName: 'CTP' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'gatewayName' },
    })
    expect(await window.invoke('gateway:connect', { gatewayName: 'CTP' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'gatewayName' },
    })
    expect(await window.invoke('order:cancel', { vtOrderId: 'SIM.nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'vtOrderId' },
    })
    // One unknown symbol in the list: nothing is subscribed.
    expect(await window.invoke('market:subscribe', { vtSymbols: ['m2701.DCE', 'XX1.DCE'] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'vtSymbols.1' },
    })
    await harness.run(1000)
    expect(harness.desk.core.getTick('m2701.DCE')).toBeUndefined()
  })

  it('cancels a resting order, refuses to cancel a finished one, and cancels all', async () => {
    const window = await ready()
    const tick = harness.desk.core.getTick('rb2701.SHFE')!
    const resting = { ...crossingOrder(harness.desk, 'rb2701.SHFE'), price: tick.bidPrice1 - 20 }
    const a = (await window.invoke('order:send', resting)) as { value: { vtOrderId: string } }
    const b = (await window.invoke('order:send', resting)) as { value: { vtOrderId: string } }
    await harness.run(50)
    expect(await window.invoke('order:cancel', { vtOrderId: a.value.vtOrderId })).toEqual({ ok: true, value: null })
    await harness.run(50)
    expect(harness.desk.core.getOrder(a.value.vtOrderId)?.status).toBe('CANCELLED')
    expect(await window.invoke('order:cancel', { vtOrderId: a.value.vtOrderId })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION' },
    })
    expect(await window.invoke('order:cancelAll', {})).toEqual({ ok: true, value: { cancelled: 1 } })
    await harness.run(50)
    expect(harness.desk.core.getOrder(b.value.vtOrderId)?.status).toBe('CANCELLED')
  })

  it('disconnects and connects the gateway', async () => {
    const window = await ready()
    expect(await window.invoke('gateway:disconnect', { gatewayName: 'SIM' })).toEqual({ ok: true, value: null })
    await harness.settle()
    expect(harness.desk.core.getAllGatewayStatuses()[0].state).toBe('disconnected')
    expect(await window.invoke('gateway:connect', { gatewayName: 'SIM', setting: { tickRate: 5 } })).toEqual({
      ok: true,
      value: null,
    })
    await harness.settle()
    expect(harness.desk.core.getAllGatewayStatuses()[0].state).toBe('connected')
  })

  it('answers market:history with a day of 1-minute bars, oldest first, that end as the live market traded', async () => {
    const window = await ready()
    // The minute before the current one, built from the ticks a window sees, as the chart builds it.
    const live: Bar[] = []
    const generator = new BarGenerator((bar) => live.push(bar))
    harness.desk.engine.register(`${EVENT_TICK}rb2701.SHFE`, (event) => generator.updateTick(event.data!))
    await harness.run(120_000, 100) // two minute boundaries, with live ticks
    const reply = await window.invoke('market:history', { vtSymbol: 'rb2701.SHFE', interval: '1m' })
    expect(reply.ok).toBe(true)
    const bars = (reply as { value: Bar[] }).value
    const current = Math.floor(harness.desk.core.now() / MINUTE) * MINUTE
    expect(bars).toHaveLength(1440)
    expect(bars.map((bar) => bar.datetime)).toEqual(
      Array.from({ length: 1440 }, (_, i) => current - (1440 - i) * MINUTE),
    )
    expect(bars.every((bar) => bar.vtSymbol === 'rb2701.SHFE' && bar.interval === 1)).toBe(true)
    // Minutes the desk traded are what the market did: the chart's live bars continue history exactly.
    const seen = live.at(-1)!
    expect(seen.datetime).toBe(current - MINUTE)
    const pick = ({ openPrice, highPrice, lowPrice, closePrice }: Bar) => ({
      openPrice,
      highPrice,
      lowPrice,
      closePrice,
    })
    expect(pick(bars.at(-1)!)).toEqual(pick(seen))
    // Another instrument, even one not subscribed; an end in the past holds only minutes closed by then.
    const earlier = await window.invoke('market:history', {
      vtSymbol: 'BTCUSDT.BINANCE',
      interval: '1m',
      end: current - 30 * MINUTE,
    })
    expect(earlier).toMatchObject({ ok: true, value: expect.any(Array) })
    expect((earlier as { value: Bar[] }).value.at(-1)).toMatchObject({
      vtSymbol: 'BTCUSDT.BINANCE',
      datetime: current - 31 * MINUTE,
    })
  })

  it('answers market:history in 5m, 15m, 1h and 1d from the same minutes, each within its reach', async () => {
    const window = await ready()
    await harness.run(60_000, 200)
    const history = async (interval: Interval): Promise<Bar[]> => {
      const reply = await window.invoke('market:history', { vtSymbol: 'rb2701.SHFE', interval })
      expect(reply.ok, interval).toBe(true)
      return (reply as { value: Bar[] }).value
    }
    const minutes = await history('1m')
    const lastMinute = minutes.at(-1)!
    const expectations: [Interval, number, number][] = [
      // interval, bar length in minutes, most bars: a week of 5m and 15m, a month of 1h, a year of 1d
      ['5m', 5, 2016],
      ['15m', 15, 672],
      ['1h', 60, 720],
      ['1d', 1440, 366],
    ]
    for (const [interval, length, most] of expectations) {
      const bars = await history(interval)
      expect(bars.length, interval).toBeLessThanOrEqual(most)
      expect(bars.length, interval).toBeGreaterThan(most * 0.7)
      expect(
        bars.every((bar) => bar.interval === length),
        interval,
      ).toBe(true)
      for (let i = 1; i < bars.length; i++) expect(bars[i].datetime, interval).toBeGreaterThan(bars[i - 1].datetime)
      // The last bar is still forming: it closes where the minutes do.
      expect(bars.at(-1)!.closePrice, interval).toBe(lastMinute.closePrice)
      if (length < 1440) {
        // A bar is the minutes it covers, to the cent: the same past in every interval.
        const day = aggregateBars(minutes, length).slice(1)
        expect(bars.slice(-day.length), interval).toEqual(day)
      }
    }
    // Daily bars are trading days: rebar's skip weekends, each dated by its trading day.
    const days = await history('1d')
    for (const bar of days) expect(new Date(bar.datetime).getUTCDay(), new Date(bar.datetime).toISOString()).not.toBe(0)
    expect(new Date(days.at(-1)!.datetime).toISOString().slice(0, 10)).toBe(
      tradingDayOf({ exchange: 'SHFE' }, harness.desk.core.now()),
    )
  })

  it('refuses a malformed market:history with INVALID_ARGUMENT and the field, an unknown contract with NOT_FOUND', async () => {
    const window = await ready()
    const invalid = async (request: unknown, field: string): Promise<void> => {
      const reply = await harness.desk.bridge.handle(window.session, 'market:history', request)
      expect(reply, JSON.stringify(request)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field } })
    }
    const vtSymbol = 'rb2701.SHFE'
    await invalid({ vtSymbol, interval: '2m' }, 'interval')
    await invalid({ vtSymbol, interval: 5 }, 'interval')
    await invalid({ vtSymbol, end: -1 }, 'end')
    await invalid({ vtSymbol, end: 2.5 }, 'end')
    await invalid({ vtSymbol, end: '60' }, 'end')
    await invalid({ vtSymbol: 'rb2701' }, 'vtSymbol')
    await invalid({ vtSymbol, minutes: 60 }, 'minutes')
    expect(await window.invoke('market:history', { vtSymbol: 'XX1.SHFE', interval: '1m' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'vtSymbol' },
    })
    expect(await harness.desk.bridge.handle(window.session, 'market:history', { vtSymbol })).toMatchObject({ ok: true })
  })

  it('answers snapshot:get and stats:get', async () => {
    const window = await ready()
    const snapshot = await window.invoke('snapshot:get', {})
    expect(snapshot).toMatchObject({ ok: true, value: { contracts: expect.any(Array), ticks: expect.any(Array) } })
    const stats = await window.invoke('stats:get', {})
    expect(stats).toMatchObject({
      ok: true,
      value: { handlerCount: harness.desk.engine.handlerCount(), sessions: 1, uptime: expect.any(Number) },
    })
  })

  it('answers desk:about with the version from package.json and the Node it runs on', async () => {
    const window = await ready()
    expect(await window.invoke('desk:about', {})).toEqual({
      ok: true,
      value: { version: packageJson.version, licence: packageJson.license, node: process.versions.node },
    })
  })

  it('answers strategy commands with FAILED_PRECONDITION when there is no strategy engine', async () => {
    harness = createHarness({ connect: false })
    const bridge = new Bridge({ core: harness.desk.core, hostSessionId: 'no-strategies' })
    const session = bridge.open(() => {})
    for (const reply of [
      await bridge.handle(session, 'strategy:classes', {}),
      await bridge.handle(session, 'strategy:start', { strategyName: 'a' }),
      await bridge.handle(session, 'strategy:add', {
        className: 'C',
        strategyName: 'a',
        vtSymbol: 'rb2701.SHFE',
        setting: {},
      }),
    ])
      expect(reply).toEqual({
        ok: false,
        error: { code: 'FAILED_PRECONDITION', message: 'Strategies are not available' },
      })
  })

  it('routes strategy commands to the strategy engine, and turns its failures into error replies', async () => {
    harness = createHarness({ connect: false })
    const state = (strategyName: string): StrategyState => ({
      strategyName,
      className: 'Demo',
      vtSymbol: 'rb2701.SHFE',
      status: 'added',
      parameters: {},
      variables: {},
    })
    const catalogue: StrategyCatalogue = { classes: [], loadErrors: [] }
    const calls: string[] = []
    const strategies: StrategyService = {
      classes: () => catalogue,
      reload: async () => catalogue,
      getAllStates: () => [state('a')],
      add: (className, strategyName) => (calls.push(`add ${className} ${strategyName}`), state(strategyName)),
      init: (name) => {
        throw new CommandFailure('NOT_FOUND', `No strategy ${name}`, 'strategyName')
      },
      start: () => {
        throw new Error('boom')
      },
      stop: async () => Promise.reject(new Error('async boom')),
      edit: (name) => state(name),
      remove: (name) => void calls.push(`remove ${name}`),
      initAll: () => [],
      startAll: () => [state('a')],
      stopAll: () => [],
    }
    const bridge = new Bridge({ core: harness.desk.core, strategies, hostSessionId: 'stub-strategies' })
    const session = bridge.open(() => {})
    expect(await bridge.handle(session, 'strategy:reload', {})).toEqual({ ok: true, value: catalogue })
    expect(
      await bridge.handle(session, 'strategy:add', {
        className: 'Demo',
        strategyName: 'a',
        vtSymbol: 'rb2701.SHFE',
        setting: { fast: 5 },
      }),
    ).toEqual({
      ok: true,
      value: state('a'),
    })
    expect(await bridge.handle(session, 'strategy:remove', { strategyName: 'a' })).toEqual({ ok: true, value: null })
    expect(await bridge.handle(session, 'strategy:init', { strategyName: 'zz' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No strategy zz', field: 'strategyName' },
    })
    expect(await bridge.handle(session, 'strategy:start', { strategyName: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('boom') },
    })
    expect(await bridge.handle(session, 'strategy:stop', { strategyName: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    })
    expect(calls).toEqual(['add Demo a', 'remove a'])
    expect((await bridge.handle(session, 'snapshot:get', {})) as unknown).toMatchObject({
      ok: true,
      value: { strategies: [state('a')] },
    })
    session.dispose()
  })

  it('turns an exception inside the trading core into an INTERNAL reply', async () => {
    const window = await ready()
    const core = harness.desk.core
    const original = core.cancelAll
    core.cancelAll = () => {
      throw new Error('gateway exploded')
    }
    try {
      expect(await window.invoke('order:cancelAll', {})).toMatchObject({
        ok: false,
        error: { code: 'INTERNAL', message: expect.stringContaining('gateway exploded') },
      })
    } finally {
      core.cancelAll = original
    }
  })
})

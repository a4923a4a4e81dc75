import { afterEach, describe, expect, it } from 'vitest'
import { INSTRUMENTS, SimGateway } from '../../src/main/gateway/sim'
import { DEMO_STRATEGY } from '../../src/main/hosts/trading-desk'
import { isActive } from '../../src/shared/objects'
import type { StrategyState } from '../../src/shared/strategy'
import { createHarness, TestWindow, type Harness } from '../bridge/harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('strategies through the bridge, as a window drives them', () => {
  it('finds the demo instance, inits and starts it, sees its orders, stops it and sees them gone', async () => {
    harness = createHarness()
    const h = harness
    const window = new TestWindow(h.desk)
    await window.invoke('session:subscribe', {})
    await h.run(1000, 100)
    const baseline = h.desk.engine.handlerCount()

    const snapshot = window.batches.find((b) => b.snapshot)!.snapshot!
    expect(snapshot.strategies.map((s) => [s.strategyName, s.className, s.status])).toEqual([
      [DEMO_STRATEGY.strategyName, 'GridStrategy', 'added'],
    ])
    const classes = await window.invoke('strategy:classes', {})
    expect(classes).toMatchObject({ ok: true })

    const name = DEMO_STRATEGY.strategyName
    expect(await window.invoke('strategy:init', { strategyName: name })).toMatchObject({
      ok: true,
      value: { status: 'inited' },
    })
    expect(await window.invoke('strategy:start', { strategyName: name })).toMatchObject({
      ok: true,
      value: { status: 'trading' },
    })
    await h.run(2000, 100)
    const working = [...window.model.orders.values()].filter((o) => o.reference === name && o.status === 'NOTTRADED')
    expect(working.length).toBeGreaterThan(0)
    const pushed = window.batches.flatMap((b) => b.items.strategy ?? []) as StrategyState[]
    expect(pushed.some((s) => s.strategyName === name && s.status === 'trading')).toBe(true)

    expect(await window.invoke('strategy:stop', { strategyName: name })).toMatchObject({
      ok: true,
      value: { status: 'stopped' },
    })
    await h.run(1000, 100)
    const stillWorking = [...window.model.orders.values()].filter((o) => o.reference === name && isActive(o))
    expect(stillWorking).toEqual([])
    expect(h.desk.engine.handlerCount()).toBe(baseline)
  })

  it('answers a bad strategy command with the field at fault and changes nothing', async () => {
    harness = createHarness()
    const window = new TestWindow(harness.desk)
    const before = harness.desk.strategies!.getAllStates()
    const reply = await window.invoke('strategy:add', {
      className: 'GridStrategy',
      strategyName: 'g2',
      vtSymbol: 'IF2612.CFFEX',
      setting: { gridLevels: 99 },
    })
    expect(reply).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'gridLevels must be at most 10', field: 'setting.gridLevels' },
    })
    expect(await window.invoke('strategy:start', { strategyName: DEMO_STRATEGY.strategyName })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION' },
    })
    expect(harness.desk.strategies!.getAllStates()).toEqual(before)
  })

  it('warms a strategy up from the history of the gateway its instrument trades on, not only the sim', async () => {
    harness = createHarness()
    const h = harness
    // A second desk-side gateway with an instrument the built-in sim does not list.
    const spec = { ...INSTRUMENTS.find((i) => i.symbol === 'rb2701')!, symbol: 'rb2705' }
    const second = new SimGateway(h.desk.engine, { gatewayName: 'SECOND', scheduler: h.scheduler, instruments: [spec] })
    h.desk.core.addGateway(second)
    h.desk.core.connect({ seed: 11 }, 'SECOND')
    await h.run(1000, 100)
    const strategies = h.desk.strategies!
    strategies.add('DoubleMaStrategy', 'dma2', 'rb2705.SHFE', { fastWindow: 5, slowWindow: 12 })
    await strategies.init('dma2')
    const state = strategies.state('dma2')
    expect(state.status).toBe('inited')
    // Valid averages before any live bar has closed: the warm-up bars came from SECOND.
    expect(Number(state.variables.slowMa)).toBeGreaterThan(0)
    expect(Number(state.variables.fastMa)).toBeGreaterThan(0)
  })
})

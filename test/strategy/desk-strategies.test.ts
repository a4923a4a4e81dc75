import { afterEach, describe, expect, it } from 'vitest'
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
})

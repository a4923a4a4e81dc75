import { describe, expect, it } from 'vitest'
import { EVENT_TICK, EventEngine } from '../../src/main/engine'
import { SliceRecorder, putTicks } from './helpers'

describe('the drain yields to the event loop', () => {
  it.each([
    { sliceMs: 4, cost: 0.3 },
    { sliceMs: 4, cost: 0.001 },
    { sliceMs: 4, cost: 1.5 },
    { sliceMs: 1, cost: 0.3 },
    { sliceMs: 10, cost: 0.7 },
  ])('never runs longer than sliceMs $sliceMs plus one event (each costing $cost ms)', async ({ sliceMs, cost }) => {
    const clock = new SliceRecorder()
    const engine = new EventEngine({ interval: 0, sliceMs: sliceMs === 4 ? undefined : sliceMs, scheduler: clock })
    engine.register(EVENT_TICK, () => clock.charge(cost))
    const ticks = Math.ceil((40 * sliceMs) / cost)
    putTicks(engine, ticks)
    engine.start()
    await engine.stop()

    const longest = Math.max(...clock.slices.map((s) => s.ms))
    expect(longest).toBeLessThanOrEqual(sliceMs + cost)
    expect(clock.slices.reduce((n, s) => n + s.calls, 0)).toBe(ticks)
    // It does not yield needlessly either: slices are at least half full.
    expect(clock.slices.length).toBeLessThanOrEqual(2 * Math.ceil((ticks * cost) / sliceMs) + 1)
    expect(engine.metrics().longestSliceMs).toBeCloseTo(longest, 9)
  })

  it('stays within the slice when the cost per event jumps after the first', async () => {
    const clock = new SliceRecorder()
    const engine = new EventEngine({ interval: 0, scheduler: clock })
    let n = 0
    // One cheap event, then expensive ones: the first clock check must come soon enough.
    engine.register(EVENT_TICK, () => clock.charge(n++ % 1000 === 0 ? 0.001 : 1))
    putTicks(engine, 100)
    engine.start()
    await engine.stop()
    expect(Math.max(...clock.slices.map((s) => s.ms))).toBeLessThanOrEqual(4 + 1)
  })

  it('lets setImmediate and setTimeout callbacks from outside run while a flood drains', async () => {
    const clock = new SliceRecorder()
    const engine = new EventEngine({ interval: 0, scheduler: clock })
    let ticks = 0
    engine.register(EVENT_TICK, () => {
      ticks++
      clock.charge(0.01)
    })
    putTicks(engine, 1_000_000)
    engine.start()
    const ticksAt: Record<string, number> = {}
    setImmediate(() => (ticksAt.immediate = ticks))
    setTimeout(() => (ticksAt.timeout = ticks), 0)
    await engine.stop()
    expect(ticksAt.immediate).toBeLessThan(1_000_000)
    expect(ticksAt.timeout).toBeLessThan(1_000_000)
  })
})

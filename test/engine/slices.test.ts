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

describe('the slice-end hook', () => {
  it('runs after every slice that dispatched, before anything a handler scheduled for the next turn', async () => {
    const clock = new SliceRecorder()
    const engine = new EventEngine({ interval: 0, scheduler: clock })
    const seen: string[] = []
    let handled = 0
    engine.register(EVENT_TICK, () => {
      handled++
      clock.charge(0.5)
      // What a window's session does: schedule its flush for the next turn.
      if (handled % 8 === 1) setImmediate(() => seen.push(`flush after ${handled}`))
    })
    engine.onSliceEnd(() => seen.push(`end at ${handled}`))
    const baseline = engine.handlerCount()
    putTicks(engine, 40)
    engine.start()
    await engine.stop()
    await new Promise((resolve) => setImmediate(resolve))
    expect(engine.handlerCount()).toBe(baseline)
    expect(clock.slices.length).toBeGreaterThan(1)
    // Every flush sees a count its preceding slice end has already seen.
    let committed = 0
    for (const entry of seen) {
      const count = Number(entry.split(' ').pop())
      if (entry.startsWith('end')) committed = count
      else expect(count).toBeLessThanOrEqual(committed)
    }
    expect(seen.filter((e) => e.startsWith('end'))).toHaveLength(clock.slices.length)
  })

  it('stops when disposed; a hook that throws is reported once, without stopping dispatch', async () => {
    const engine = new EventEngine({ interval: 0 })
    let calls = 0
    const dispose = engine.onSliceEnd(() => calls++)
    engine.onSliceEnd(() => {
      throw new Error('disk on fire')
    })
    const logs: string[] = []
    engine.register('eLog', (event) => logs.push((event.data as { message: string }).message))
    engine.start()
    putTicks(engine, 1)
    await engine.idle()
    dispose()
    const before = calls
    putTicks(engine, 1)
    await engine.idle()
    await engine.stop()
    expect(before).toBeGreaterThan(0)
    expect(calls).toBe(before)
    expect(logs.filter((m) => m.includes('disk on fire'))).toHaveLength(1)
    expect(engine.metrics().handlerErrors).toBeGreaterThan(0)
  })
})

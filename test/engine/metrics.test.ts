import { describe, expect, it } from 'vitest'
import { EVENT_LOG, EVENT_TICK, EventEngine, ManualScheduler } from '../../src/main/engine'
import { SliceRecorder, putLog, putTicks } from './helpers'

describe('metrics', () => {
  it('report each lane’s depth and high-water mark', async () => {
    const engine = new EventEngine({ interval: 0 })
    engine.register(EVENT_TICK, () => {})
    putTicks(engine, 5)
    putLog(engine, 'a')
    putLog(engine, 'b')
    expect(engine.metrics().lanes).toEqual([
      { name: 'urgent', depth: 2, highWater: 2 },
      { name: 'tick', depth: 5, highWater: 5 },
    ])
    expect(engine.queued()).toBe(7)
    engine.start()
    await engine.idle()
    putTicks(engine, 3)
    expect(engine.metrics().lanes).toEqual([
      { name: 'urgent', depth: 0, highWater: 2 },
      { name: 'tick', depth: 3, highWater: 5 },
    ])
    await engine.idle()
  })

  it('count dispatched events per family, with or without handlers, keyed types under their prefix', async () => {
    const engine = new EventEngine({ interval: 0 })
    engine.register(EVENT_TICK, () => {})
    engine.start()
    putTicks(engine, 4)
    engine.put({ type: EVENT_TICK + 'IF2412.CFFEX' })
    engine.put({ type: EVENT_TICK + 'IF2412.CFFEX' })
    engine.put({ type: 'eOrder.A1' })
    putLog(engine, 'x')
    await engine.idle()
    const m = engine.metrics()
    expect(m.dispatched).toEqual({ 'eTick.': 6, 'eOrder.': 1, eLog: 1 })
    expect(m.dispatchedTotal).toBe(8)
  })

  it('count handler errors and handlers', async () => {
    const engine = new EventEngine({ interval: 0 })
    engine.register(EVENT_TICK, () => {
      throw new Error('x')
    })
    engine.registerGeneral(() => {})
    engine.start()
    putTicks(engine, 3)
    await engine.idle()
    const m = engine.metrics()
    expect(m.handlerErrors).toBe(3)
    expect(m.handlerCount).toBe(2)
    expect(m.dispatched[EVENT_LOG]).toBe(3)
  })

  it('keep the longest drain slice', async () => {
    const clock = new SliceRecorder()
    const engine = new EventEngine({ interval: 0, scheduler: clock })
    let cost = 0.5
    engine.register(EVENT_TICK, () => clock.charge(cost))
    putTicks(engine, 3)
    engine.start()
    await engine.idle()
    expect(engine.metrics().longestSliceMs).toBeCloseTo(1.5, 9)
    cost = 0.1
    putTicks(engine, 3)
    await engine.idle()
    expect(engine.metrics().longestSliceMs).toBeCloseTo(1.5, 9)
    cost = 1
    putTicks(engine, 3)
    await engine.idle()
    expect(engine.metrics().longestSliceMs).toBeCloseTo(3, 9)
  })

  it('report timer events and how late they came', async () => {
    const clock = new ManualScheduler(0)
    const engine = new EventEngine({ interval: 1, scheduler: clock })
    engine.start()
    clock.lateness = 2
    clock.advance(999)
    clock.lateness = 7
    clock.advance(1010)
    await engine.idle()
    // First armed with lateness 0: on time; the second was armed with lateness 7.
    expect(engine.metrics().timer).toEqual({ count: 2, maxLateMs: 7, lastLateMs: 7 })
  })
})

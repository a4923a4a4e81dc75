import { describe, expect, it } from 'vitest'
import {
  EVENT_TICK,
  EVENT_TIMER,
  EventEngine,
  ManualScheduler,
  type EngineEvent,
  type Scheduler,
  type TimerData,
} from '../../src/main/engine'
import { SliceRecorder, putTicks, turns } from './helpers'

/**
 * Like Node's loop: timers run only between slices (setTimeout cannot
 * interrupt a running drain); the clock moves only by what handlers charge.
 */
class LoopClock implements Scheduler {
  private time = 0
  private timers: { at: number; fn: () => void }[] = []
  readonly precise = true

  now(): number {
    return this.time
  }
  epoch(monotonic: number): number {
    return monotonic
  }
  setTimer(fn: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, fn }
    this.timers.push(timer)
    return timer
  }
  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle)
  }
  yieldThen(fn: () => void): void {
    setImmediate(() => {
      const due = this.timers.filter((t) => t.at <= this.time)
      this.timers = this.timers.filter((t) => t.at > this.time)
      for (const t of due) t.fn()
      fn()
    })
  }
  charge(ms: number): void {
    this.time += ms
  }
}

function recordTimers(engine: EventEngine): TimerData[] {
  const timers: TimerData[] = []
  engine.register(EVENT_TIMER, (event: EngineEvent<TimerData>) => timers.push(event.data!))
  return timers
}

describe('the timer', () => {
  it('fires on fixed deadlines: no drift when every timer fires late', async () => {
    const clock = new ManualScheduler(0)
    clock.lateness = 3
    const engine = new EventEngine({ scheduler: clock })
    const timers = recordTimers(engine)
    engine.start()
    for (let s = 0; s < 60; s++) {
      clock.advance(1000)
      await engine.idle()
    }
    clock.advance(10)
    await engine.idle()
    // A sleep(interval) timer (vnpy's) would be 60 × 3 ms behind by now.
    expect(timers).toHaveLength(60)
    expect(timers.map((t) => t.count)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
    expect(timers.map((t) => t.due)).toEqual(Array.from({ length: 60 }, (_, i) => clock.epoch((i + 1) * 1000)))
    // Never later than one firing's lateness: it does not add up.
    expect(engine.metrics().timer.count).toBe(60)
    expect(engine.metrics().timer.maxLateMs).toBe(3)
  })

  it('delivers one event for the latest deadline, not a burst, when it falls several intervals behind', async () => {
    const clock = new ManualScheduler(0)
    clock.lateness = 3500
    const engine = new EventEngine({ interval: 1, scheduler: clock })
    const timers = recordTimers(engine)
    engine.start()
    clock.advance(4600)
    await engine.idle()
    expect(timers.map((t) => t.count)).toEqual([4])
    expect(timers[0].due).toBe(clock.epoch(4000))
    clock.advance(4000)
    await engine.idle()
    expect(timers.map((t) => t.count)).toEqual([4, 8])
  })

  it('is dispatched ahead of a tick backlog, on time, while the flood drains', async () => {
    // Each tick costs 1 virtual ms; the timer is due every 100 ms.
    const clock = new SliceRecorder()
    const engine = new EventEngine({ interval: 0.1, scheduler: clock })
    let ticks = 0
    const ticksAtTimer: number[] = []
    engine.register(EVENT_TICK, () => {
      ticks++
      clock.charge(1)
    })
    engine.register(EVENT_TIMER, () => ticksAtTimer.push(ticks))
    putTicks(engine, 1000)
    engine.start()
    await engine.idle()
    await engine.stop()
    expect(ticksAtTimer).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 100))
    expect(engine.metrics().timer.maxLateMs).toBe(0)
  })

  it('is not held until the end of a drain slice: the drain itself notices the deadline', async () => {
    // Ticks cost 1 ms, so a 4 ms slice ends every 3 ticks; the timer is due every 10 ms, mid-slice.
    const clock = new LoopClock()
    const engine = new EventEngine({ interval: 0.01, scheduler: clock })
    let ticks = 0
    const ticksAtTimer: number[] = []
    engine.register(EVENT_TICK, () => {
      ticks++
      clock.charge(1)
    })
    engine.register(EVENT_TIMER, () => ticksAtTimer.push(ticks))
    putTicks(engine, 50)
    engine.start()
    await engine.idle()
    await engine.stop()
    expect(ticksAtTimer).toEqual([10, 20, 30, 40, 50])
    expect(engine.metrics().timer.maxLateMs).toBe(0)
  })

  it('respects the interval option, and 0 turns it off', async () => {
    const clock = new ManualScheduler(0)
    const engine = new EventEngine({ interval: 0.25, scheduler: clock })
    const timers = recordTimers(engine)
    engine.start()
    clock.advance(1000)
    await engine.idle()
    expect(timers.map((t) => t.due)).toEqual([250, 500, 750, 1000].map((ms) => clock.epoch(ms)))

    const silent = new EventEngine({ interval: 0, scheduler: clock })
    const none = recordTimers(silent)
    silent.start()
    clock.advance(10_000)
    await turns()
    expect(none).toEqual([])
    expect(() => new EventEngine({ interval: -1 })).toThrow(RangeError)
  })

  it('stops with stop(), including a wait in progress', async () => {
    const clock = new ManualScheduler(0)
    const engine = new EventEngine({ interval: 1, scheduler: clock })
    const timers = recordTimers(engine)
    engine.start()
    clock.advance(1000)
    await engine.stop()
    expect(timers).toHaveLength(1)
    expect(clock.pendingTimers()).toBe(0)
    clock.advance(10_000)
    await turns()
    expect(timers).toHaveLength(1)
  })

  it('on the real clock, waits out the last milliseconds and is never early', async () => {
    const engine = new EventEngine({ interval: 0.02 })
    const lateness: number[] = []
    engine.register(EVENT_TIMER, (event: EngineEvent<TimerData>) =>
      lateness.push(performance.timeOrigin + performance.now() - event.data!.due),
    )
    engine.start()
    await new Promise((resolve) => setTimeout(resolve, 110))
    await engine.stop()
    expect(lateness.length).toBeGreaterThanOrEqual(1)
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0)
    expect(engine.metrics().timer.count).toBe(lateness.length)
  })
})

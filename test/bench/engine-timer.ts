/**
 * Timer accuracy under a tick flood, real clock: a producer keeps the tick
 * lane full for the whole run, so every drain slice is a full one.
 */
import { EVENT_TICK, EVENT_TIMER, EventEngine, type EngineEvent, type TimerData } from '../../src/main/engine'
import type { Tick } from '../../src/shared/objects'
import { median } from './suite'

const TICK = { vtSymbol: 'IF2412.CFFEX', lastPrice: 3900 } as unknown as Tick

export interface TimerRun {
  expected: number
  delivered: number
  /** Lateness of each timer event when its handler ran (dispatch time − deadline), ms. */
  lateness: number[]
  /** Median lateness of the last quarter of events minus that of the first quarter: what accumulates. */
  cumulativeDriftMs: number
  ticksDispatched: number
}

export async function timerUnderFlood(seconds: number, interval: number, backlog: number): Promise<TimerRun> {
  const engine = new EventEngine({ interval })
  let ticks = 0
  const lateness: number[] = []
  engine.register(EVENT_TICK, () => {
    ticks++
  })
  engine.register(EVENT_TIMER, (event: EngineEvent<TimerData>) => {
    if (event.data !== undefined) lateness.push(performance.timeOrigin + performance.now() - event.data.due)
  })
  // Small top-ups, so the flood and not the producer is what the timer competes with.
  const topUp = (): void => {
    const n = Math.min(20_000, backlog - engine.queued())
    for (let i = 0; i < n; i++) engine.put({ type: EVENT_TICK, data: TICK })
  }
  topUp()
  const producer = setInterval(topUp, 1)
  engine.start()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + interval * 500))
  clearInterval(producer)
  await engine.stop()
  const quarter = Math.max(1, Math.floor(lateness.length / 4))
  return {
    expected: Math.floor(seconds / interval),
    delivered: lateness.length,
    lateness,
    cumulativeDriftMs: median(lateness.slice(-quarter)) - median(lateness.slice(0, quarter)),
    ticksDispatched: ticks,
  }
}

import type { EngineMetrics, LaneMetrics } from '../../shared/events'

/** Events dispatched of one family: a slot holds its family's counter, so dispatch bumps a field and looks nothing up. */
export interface Counter {
  n: number
}

/**
 * The running figures behind `EventEngine.metrics()`: events dispatched per
 * family, handler errors, the longest drain slice and the timer's lateness.
 * The engine records into it off its hot path (a counter per slot, one
 * call per slice, per timer event, per error).
 */
export class MetricsRecorder {
  private readonly counters = new Map<string, Counter>()
  private handlerErrors = 0
  private longestSliceMs = 0
  private timerEvents = 0
  private timerMaxLateMs = 0
  private timerLastLateMs = 0

  /** The counter of a family of event types (see `eventFamily`), made on first use. */
  counter(family: string): Counter {
    let c = this.counters.get(family)
    if (c === undefined) this.counters.set(family, (c = { n: 0 }))
    return c
  }

  /** A drain slice ran for `elapsedMs` without yielding. */
  sliceRan(elapsedMs: number): void {
    if (elapsedMs > this.longestSliceMs) this.longestSliceMs = elapsedMs
  }

  /** A timer event was put `lateMs` after its deadline. */
  timerFired(lateMs: number): void {
    this.timerEvents++
    this.timerLastLateMs = lateMs
    if (lateMs > this.timerMaxLateMs) this.timerMaxLateMs = lateMs
  }

  handlerFailed(): void {
    this.handlerErrors++
  }

  /** The figures, with the lanes and the handler count the engine reads at the time. */
  read(lanes: LaneMetrics[], handlerCount: number): EngineMetrics {
    const dispatched: Record<string, number> = {}
    let dispatchedTotal = 0
    for (const [family, c] of this.counters) {
      dispatched[family] = c.n
      dispatchedTotal += c.n
    }
    return {
      lanes,
      dispatched,
      dispatchedTotal,
      handlerErrors: this.handlerErrors,
      handlerCount,
      longestSliceMs: this.longestSliceMs,
      timer: { count: this.timerEvents, maxLateMs: this.timerMaxLateMs, lastLateMs: this.timerLastLateMs },
    }
  }
}

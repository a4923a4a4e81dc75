import { EVENT_LOG, EVENT_TICK, ManualScheduler, type EventEngine } from '../../src/main/engine'
import type { Log, Tick } from '../../src/shared/objects'

export function tick(vtSymbol = 'IF2412.CFFEX', lastPrice = 3900): Tick {
  return { vtSymbol, lastPrice } as Tick
}

export function log(message: string, level: Log['level'] = 'INFO'): Log {
  return { time: 0, level, source: 'test', message }
}

export function putTicks(engine: EventEngine, n: number): void {
  for (let i = 0; i < n; i++) engine.put({ type: EVENT_TICK, data: tick('IF2412.CFFEX', i) })
}

export function putLog(engine: EventEngine, message: string): void {
  engine.put({ type: EVENT_LOG, data: log(message) })
}

/** Lets the real event loop turn `n` times (dispatch is scheduled with setImmediate). */
export async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

/**
 * A ManualScheduler that records every drain slice: how long it ran on the
 * virtual clock and how many handler calls it made. Handlers charge their
 * virtual cost with `charge(ms)`, so slice lengths are exact.
 */
export class SliceRecorder extends ManualScheduler {
  readonly slices: { ms: number; calls: number }[] = []
  calls = 0

  charge(ms: number): void {
    this.calls++
    this.advance(ms)
  }

  override yieldThen(fn: () => void): void {
    super.yieldThen(() => {
      const start = this.now()
      const calls = this.calls
      fn()
      this.slices.push({ ms: this.now() - start, calls: this.calls - calls })
    })
  }
}

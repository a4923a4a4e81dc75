import type { Scheduler } from './scheduler'

interface PendingTimer {
  at: number
  fn: () => void
  id: number
}

/**
 * A scheduler whose clock moves only when told to, for tests and replays.
 * Timers fire inside `advance()`, in due order; yields still go through the
 * real event loop, so dispatch stays asynchronous as in production.
 */
export class ManualScheduler implements Scheduler {
  private time: number
  private timers: PendingTimer[] = []
  private nextId = 1
  /** Extra delay added to every timer when it fires, to model a busy or sloppy event loop. */
  lateness = 0
  readonly precise = true

  constructor(
    start = 0,
    private readonly epochOrigin = Date.UTC(2026, 10, 26, 1, 30),
  ) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  epoch(monotonic: number): number {
    return this.epochOrigin + monotonic
  }

  setTimer(fn: () => void, ms: number): unknown {
    const id = this.nextId++
    this.timers.push({ at: this.time + Math.max(0, ms) + this.lateness, fn, id })
    return id
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle)
  }

  yieldThen(fn: () => void): void {
    setImmediate(fn)
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (due === undefined) break
      this.timers = this.timers.filter((t) => t !== due)
      this.time = Math.max(this.time, due.at)
      due.fn()
    }
    this.time = end
  }

  pendingTimers(): number {
    return this.timers.length
  }
}

import type { Scheduler } from './scheduler'

/**
 * A periodic timer on fixed deadlines (`start + k · period`), so lateness
 * never accumulates (sleeping one period after each event drifts), and one
 * that fell several periods behind fires once, for the latest deadline,
 * instead of bursting the backlog.
 *
 * It sleeps on a coarse `setTimeout` until just before the deadline, then
 * waits out the last couple of milliseconds by yielding, because `setTimeout`
 * has millisecond granularity and can fire a little early or late. A busy
 * owner may also `poll()` it whenever it reads the clock anyway: the event
 * engine does so between events, so a tick flood cannot hold the timer back
 * until its slice ends.
 */
export class DeadlineTimer {
  /** Monotonic time of the next deadline; Infinity while stopped. */
  nextDue = Infinity
  private base = 0
  private count = 0
  private handle: unknown = undefined
  /** Bumped by `stop()`, so a wait begun before it ends quietly. */
  private generation = 0

  /** `onDue(count, due, now)`: deadline number `count` (1, 2, …), when it was due and when it fired, monotonic ms. */
  constructor(
    private readonly scheduler: Scheduler,
    private readonly periodMs: number,
    private readonly onDue: (count: number, due: number, now: number) => void,
  ) {}

  start(): void {
    if (this.periodMs <= 0) return
    this.stop()
    this.base = this.scheduler.now()
    this.count = 0
    this.nextDue = this.base + this.periodMs
    this.arm()
  }

  stop(): void {
    this.generation++
    if (this.handle !== undefined) this.scheduler.clearTimer(this.handle)
    this.handle = undefined
    this.nextDue = Infinity
  }

  /** Fires if the deadline has passed by `now`. */
  poll(now: number): void {
    if (now >= this.nextDue) this.fire(now)
  }

  private fire(now: number): void {
    // The latest deadline that has passed; the guard covers float rounding exactly at a deadline.
    const count = Math.max(this.count + 1, Math.floor((now - this.base) / this.periodMs))
    this.count = count
    this.nextDue = this.base + (count + 1) * this.periodMs
    this.onDue(count, this.base + count * this.periodMs, now)
  }

  private arm(): void {
    const wait = this.nextDue - this.scheduler.now()
    const delay = this.scheduler.precise ? wait : Math.floor(wait) - 2
    this.handle = this.scheduler.setTimer(this.onTimer, Math.max(0, delay))
  }

  private readonly onTimer = (): void => {
    this.handle = undefined
    const now = this.scheduler.now()
    if (now >= this.nextDue) {
      this.fire(now)
      this.arm()
    } else if (this.nextDue - now > 2 || this.scheduler.precise) {
      this.arm()
    } else {
      this.spin(this.generation)
    }
  }

  /** Yields turn by turn until the deadline; a `stop()` in between ends the wait. */
  private spin(generation: number): void {
    this.scheduler.yieldThen(() => {
      if (generation !== this.generation) return
      if (this.scheduler.now() >= this.nextDue) this.onTimer()
      else this.spin(generation)
    })
  }
}

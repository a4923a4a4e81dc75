/**
 * The engine's view of time and of the event loop, injectable so tests can
 * drive the timer deterministically. The default is Node's.
 */
export interface Scheduler {
  /** Monotonic milliseconds (`performance.now()`). */
  now(): number
  /** Epoch milliseconds matching `now()` (`performance.timeOrigin + now()`). */
  epoch(monotonic: number): number
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
  /** Timers fire exactly when due, so the engine need not wait out the last millisecond itself. */
  readonly precise?: boolean
  /** Runs `fn` after pending I/O and timers have had their turn (`setImmediate`). */
  yieldThen(fn: () => void): void
}

export const nodeScheduler: Scheduler = {
  now: () => performance.now(),
  epoch: (monotonic) => performance.timeOrigin + monotonic,
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  yieldThen: (fn) => void setImmediate(fn),
}

import type { Log } from '../../shared/objects'

/**
 * The latest logs, at most `capacity`, so a long session's memory stays
 * bounded; older ones are dropped from memory and counted, so a screen can
 * say how many it no longer has.
 */
export class LogStore {
  private readonly buffer: Log[] = []
  private start = 0
  private droppedCount = 0

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`log capacity must be at least 1, got ${capacity}`)
  }

  add(log: Log): void {
    if (this.buffer.length < this.capacity) {
      this.buffer.push(log)
      return
    }
    this.buffer[this.start] = log
    this.start = (this.start + 1) % this.capacity
    this.droppedCount++
  }

  /** Oldest first. */
  all(): Log[] {
    return [...this.buffer.slice(this.start), ...this.buffer.slice(0, this.start)]
  }

  /** Logs dropped from memory since the start. */
  get dropped(): number {
    return this.droppedCount
  }
}

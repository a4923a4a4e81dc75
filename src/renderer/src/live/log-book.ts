import type { Log } from '../../../shared/objects'

/** A log line as the window keeps it: with a local id so tables can key it. */
export interface LogEntry extends Log {
  id: number
}

/**
 * The window's log, capped so a chatty engine cannot grow memory without
 * bound; what falls off the front is counted, and the count is shown.
 */
export class LogBook {
  private entries: LogEntry[] = []
  private lastId = 0
  /** Lines dropped: by the host before our snapshot, and by this cap since. */
  dropped = 0
  /** The time of the last line the trader cleared: a snapshot's older lines stay cleared. */
  private clearedThrough: number | undefined

  constructor(readonly capacity: number) {}

  /** The id the next appended line gets; ids only grow. */
  get nextId(): number {
    return this.lastId + 1
  }

  get size(): number {
    return this.entries.length
  }

  all(): readonly LogEntry[] {
    return this.entries
  }

  /** Replaces the contents (a snapshot); `droppedByHost` lines are already gone. */
  reset(logs: readonly Log[], droppedByHost: number): void {
    this.entries = []
    const cleared = this.clearedThrough
    this.dropped = cleared === undefined ? droppedByHost : 0
    this.append(cleared === undefined ? logs : logs.filter((line) => line.time > cleared))
  }

  /** Empties the book at the trader's request; returns the lines removed. Ids keep growing. */
  clear(): LogEntry[] {
    const removed = this.entries
    this.entries = []
    this.dropped = 0
    const last = removed.at(-1)
    if (last !== undefined) this.clearedThrough = Math.max(this.clearedThrough ?? -Infinity, last.time)
    return removed
  }

  /** Appends lines; returns those evicted to stay within capacity. */
  append(logs: readonly Log[]): LogEntry[] {
    for (const log of logs) this.entries.push({ ...log, id: ++this.lastId })
    const excess = this.entries.length - this.capacity
    if (excess <= 0) return []
    this.dropped += excess
    return this.entries.splice(0, excess)
  }

  /** Entries with an id of at least `firstId`, oldest first. */
  since(firstId: number): LogEntry[] {
    let start = this.entries.length
    while (start > 0 && this.entries[start - 1].id >= firstId) start--
    return this.entries.slice(start)
  }
}

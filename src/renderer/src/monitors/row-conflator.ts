/** One 60 Hz frame: how often a table is asked for the rows it may redraw. */
export const FRAME_MS = 1000 / 60

/**
 * How often a live value may change on screen: four times a second, as
 * trading terminals conflate. Faster is not read, only paid for.
 */
export const LIVE_REDRAW_MS = 250

/** A frame can always afford this many row redraws: a small table never waits on its share. */
const MIN_ROWS_PER_FRAME = 8

/** How many of a table's rows one frame redraws when each row may be redrawn once per `everyMs`. */
export function rowsPerFrame(tableRows: number, everyMs: number): number {
  return Math.max(MIN_ROWS_PER_FRAME, Math.ceil((tableRows * FRAME_MS) / everyMs))
}

/**
 * Conflates row updates on their way into a table, as trading terminals do:
 * a row is redrawn at most once per `everyMs`, always with its latest value
 * (values in between are dropped, the last one never is). The first change
 * after a quiet spell shows at once.
 *
 * A table whose every row ticks would otherwise redraw all of them in the
 * same frame, every `everyMs`, and drop that frame: releases are metered at
 * the table's share per frame (`rowsPerFrame`), longest-waiting first, so
 * the redraws spread evenly over the frames however often `take` is called.
 * On a machine that cannot keep 60 frames a second, rows then update less
 * often rather than frames get longer.
 */
export class RowConflator<Row> {
  /** Each waiting row's latest value, in the order the rows started waiting. */
  private readonly waiting = new Map<string, Row>()
  /** When each row was last released. */
  private readonly releasedAt = new Map<string, number>()
  /** Rows that may be released now: refills at the per-frame share, holds at most one frame's worth. */
  private allowance = 0
  private lastTakeAt = -Infinity

  /** `everyMs` 0: no conflation, every change is released at the next take. */
  constructor(private readonly everyMs: number) {}

  /** Rows holding a value not yet released. */
  get waitingCount(): number {
    return this.waiting.size
  }

  /** Holds the row's newest value, replacing the one that waited (its place in the queue is kept). */
  offer(key: string, row: Row): void {
    this.waiting.set(key, row)
  }

  /** Forgets a row that left the table. */
  forget(key: string): void {
    this.waiting.delete(key)
    this.releasedAt.delete(key)
  }

  clear(): void {
    this.waiting.clear()
    this.releasedAt.clear()
  }

  /**
   * The rows to redraw now, of a table of `tableRows` rows: those waiting
   * whose last release is at least `everyMs` ago, as many as the allowance
   * holds.
   */
  take(now: number, tableRows: number): Row[] {
    if (this.everyMs <= 0) {
      const all = [...this.waiting.values()]
      this.waiting.clear()
      return all
    }
    const share = rowsPerFrame(tableRows, this.everyMs)
    this.allowance = Math.min(share, this.allowance + (share * (now - this.lastTakeAt)) / FRAME_MS)
    this.lastTakeAt = now
    const due: Row[] = []
    for (const [key, row] of this.waiting) {
      if (this.allowance < 1) break
      if (now - (this.releasedAt.get(key) ?? -Infinity) < this.everyMs) continue
      due.push(row)
      this.allowance--
      this.waiting.delete(key)
      this.releasedAt.set(key, now)
    }
    return due
  }

  /** Milliseconds until the next waiting row may be released (0: one is due now); undefined when none waits. */
  nextDueIn(now: number): number | undefined {
    let soonest: number | undefined
    for (const key of this.waiting.keys()) {
      const wait = Math.max(0, (this.releasedAt.get(key) ?? -Infinity) + this.everyMs - now)
      if (wait === 0) return 0
      soonest = Math.min(soonest ?? Infinity, wait)
    }
    return soonest
  }
}

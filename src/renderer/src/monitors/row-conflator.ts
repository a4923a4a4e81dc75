/** One 60 Hz frame. */
export const FRAME_MS = 1000 / 60

/**
 * How often a live value may change on screen: four times a second, as
 * trading terminals conflate. Faster is not read, only paid for.
 */
export const LIVE_REDRAW_MS = 250

/**
 * A row scrolled out of sight is brought up to date this many times less
 * often: nobody reads it, and each update still costs the grid's bookkeeping.
 * It is redrawn with its latest value the moment it scrolls into view.
 */
export const OFF_SCREEN_FACTOR = 8

/** A frame can always afford this many row redraws: a small table never waits on its share. */
const MIN_ROWS_PER_FRAME = 8

/** The most a table releases in one go, in time's worth of its rate: a burst after a quiet spell stays bounded. */
const MAX_BURST_MS = 100

/** How many of a table's rows one frame redraws when each row may be redrawn once per `everyMs`. */
export function rowsPerFrame(tableRows: number, everyMs: number): number {
  return Math.max(MIN_ROWS_PER_FRAME, Math.ceil((tableRows * FRAME_MS) / everyMs))
}

/**
 * Conflates row updates on their way into a table, as trading terminals do:
 * a row on screen is redrawn at most once per `everyMs`, always with its
 * latest value (values in between are dropped, the last one never is); a
 * row out of sight `OFF_SCREEN_FACTOR` times less often. The first change
 * after a quiet spell shows at once.
 *
 * Releases are metered at the table's rate (`rowsPerFrame` a frame,
 * longest-waiting first, at most `MAX_BURST_MS` worth at once), so a table
 * whose every row ticks never redraws all of them in one frame however the
 * calls to `take` fall. On a machine that cannot keep up, rows then update
 * less often rather than frames get longer.
 */
export class RowConflator<Row> {
  /** Each waiting row's latest value, in the order the rows started waiting. */
  private readonly waiting = new Map<string, Row>()
  /** When each row was last released. */
  private readonly releasedAt = new Map<string, number>()
  /** Rows that may be released now: refills at the table's rate, holds at most MAX_BURST_MS worth. */
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
   * whose last release is long enough ago (`everyMs` on screen, by
   * `onScreen`), as many as the allowance holds.
   */
  take(now: number, tableRows: number, onScreen: (key: string) => boolean = () => true): Row[] {
    if (this.everyMs <= 0) return this.takeAll()
    const perFrame = rowsPerFrame(tableRows, this.everyMs)
    const refill = (perFrame * Math.min(now - this.lastTakeAt, MAX_BURST_MS)) / FRAME_MS
    this.allowance = Math.min(Math.max(perFrame, (perFrame * MAX_BURST_MS) / FRAME_MS), this.allowance + refill)
    this.lastTakeAt = now
    const due: Row[] = []
    for (const [key, row] of this.waiting) {
      if (this.allowance < 1) break
      if (now - (this.releasedAt.get(key) ?? -Infinity) < this.intervalOf(key, onScreen)) continue
      due.push(row)
      this.allowance--
      this.waiting.delete(key)
      this.releasedAt.set(key, now)
    }
    return due
  }

  /** Every waiting row, whatever its pace: rows scrolled into view, or a table about to be exported. */
  takeAll(now = 0, which: (key: string) => boolean = () => true): Row[] {
    const rows: Row[] = []
    for (const [key, row] of this.waiting) {
      if (!which(key)) continue
      rows.push(row)
      this.waiting.delete(key)
      this.releasedAt.set(key, now)
    }
    return rows
  }

  /** Milliseconds until the next waiting row may be released (0: one is due now); undefined when none waits. */
  nextDueIn(now: number, onScreen: (key: string) => boolean = () => true): number | undefined {
    let soonest: number | undefined
    for (const key of this.waiting.keys()) {
      const wait = Math.max(0, (this.releasedAt.get(key) ?? -Infinity) + this.intervalOf(key, onScreen) - now)
      if (wait === 0) return 0
      soonest = Math.min(soonest ?? Infinity, wait)
    }
    return soonest
  }

  private intervalOf(key: string, onScreen: (key: string) => boolean): number {
    return onScreen(key) ? this.everyMs : this.everyMs * OFF_SCREEN_FACTOR
  }
}

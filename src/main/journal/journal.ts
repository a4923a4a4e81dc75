import type { DatabaseSync } from 'node:sqlite'
import { nodeScheduler, type EventEngine, type Scheduler } from '../engine'
import { EVENT_LOG } from '../../shared/events'
import { Checkpointer } from './checkpointer'
import type { SynchronousMode } from './database'
import { importStrategyFiles, type ImportReport } from './import-strategy-files'
import { openJournal } from './open-journal'
import { JournalQueries } from './queries'
import { JournalRecorder } from './recorder'
import { readDay, type RestoreLimits, type RestoredDay } from './restore'
import { JournalStrategyStore } from './strategy-store'
import { JournalWriter } from './writer'
import type { StrategyStore } from '../strategy/strategy-store'
import type { CommandRequest } from '../../shared/contract'
import type { JournalStatus } from '../../shared/push'
import type { HistoryPage } from '../../shared/history'
import type { Log, LogLevel, Order, Trade } from '../../shared/objects'
import type { JournalService } from '../bridge/journal-service'
import type { TradingHistory } from '../trader/trading-history'

/** The file name of the journal in a data folder. */
export const JOURNAL_FILE = 'journal.sqlite'
/** The source of the journal's own logs. */
export const JOURNAL_SOURCE = 'journal'

/** After a failed commit, the next try waits this long: a full disk is not fixed in a millisecond. */
const RETRY_MS = 1000
/** Rows of history (trades, logs, order updates) kept for a journal that cannot write, before they are dropped. */
const MAX_BACKLOG = 200_000

export interface JournalOptions {
  /** The journal file; none: kept in memory only, for a desk that keeps nothing. */
  path?: string
  engine: EventEngine
  /** The desk's clock (the engine's scheduler). */
  scheduler?: Scheduler
  synchronous?: SynchronousMode
  /** Opens the file read-only (see DatabaseOptions.readOnly). */
  readOnly?: boolean
  /** How much of the current trading day is read back at open (`restored`). Default 10,000 of each. */
  restoreLimits?: RestoreLimits
}

const DEFAULT_RESTORE_LIMITS: RestoreLimits = { orders: 10_000, trades: 10_000, logs: 10_000 }

/**
 * The desk's durable memory: an embedded SQLite database (`journal.sqlite`
 * in the data folder) that records every order update, trade, log, account
 * and position snapshot, committed at the end of each engine slice, before
 * anything reaches a window. At open it reads back the current trading day
 * for a restart (a file it cannot read is set aside, see open-journal.ts).
 *
 * A commit that fails (a full disk, a read-only file) is reported once in
 * the log and in the status windows show; trading goes on with the journal
 * marked failing, what could not be written is kept (up to a bound) and
 * written when a later try succeeds.
 */
export class Journal implements TradingHistory, JournalService {
  readonly path: string | undefined
  /** The strategy engine's store: instances and persistent variables, committed with the trades that change them. */
  readonly strategyStore: StrategyStore
  /** The current trading day as the journal kept it, read at open: a restart puts it back on the desk. */
  readonly restored: RestoredDay
  private readonly db: DatabaseSync
  private readonly writer: JournalWriter
  private readonly queries: JournalQueries
  private readonly recorder: JournalRecorder
  private readonly checkpointer: Checkpointer | undefined
  private readonly engine: EventEngine
  private readonly scheduler: Scheduler
  private failure: string | undefined
  /** The file could not be used at all: this session's journal is in memory, whatever its commits do. */
  private readonly unusable: string | undefined
  private retryAt = 0
  private lost = 0
  private closed = false

  constructor(options: JournalOptions) {
    this.path = options.path
    this.engine = options.engine
    this.scheduler = options.scheduler ?? nodeScheduler
    const limits = options.restoreLimits ?? DEFAULT_RESTORE_LIMITS
    const opened = openJournal(options.path, options, (db) => readStart(db, this.now(), limits))
    this.db = opened.db
    this.restored = opened.value
    this.unusable = opened.failure
    for (const problem of opened.problems) this.log(problem, 'ERROR')
    this.writer = new JournalWriter(this.db, this.now, () => this.recorder.staged())
    this.recorder = new JournalRecorder(this.engine, this.writer, this.commit, this.scheduler)
    this.strategyStore = new JournalStrategyStore(this.db, this.writer)
    this.queries = new JournalQueries(this.db)
    if (options.path !== undefined && !options.readOnly && this.unusable === undefined)
      this.checkpointer = new Checkpointer(options.path, (message) =>
        this.log(`Journal ${this.where()}: checkpoint failed: ${message}`, 'WARNING'),
      )
  }

  /**
   * The file the simulated exchange keeps its books in (its own `sim_`
   * tables, through its own connection): the journal's, when it could be
   * opened; none when the journal is in memory.
   */
  get exchangePath(): string | undefined {
    return this.unusable === undefined ? this.path : undefined
  }

  /** What windows show in the status bar. */
  status(): JournalStatus {
    const message = this.unusable ?? this.failure
    if (message !== undefined) return { state: 'failing', path: this.path, message, lost: this.lost }
    return { state: this.path === undefined ? 'memory' : 'ok', path: this.path, lost: 0 }
  }

  /** An order by id: its staged state if it changed in the slice in progress, else its committed one. */
  order(vtOrderId: string): Order | undefined {
    return this.writer.stagedOrder(vtOrderId) ?? this.queries.order(vtOrderId)
  }

  trade(vtTradeId: string): Trade | undefined {
    return this.writer.stagedTrade(vtTradeId) ?? this.queries.trade(vtTradeId)
  }

  hasCommittedTrade(vtTradeId: string): boolean {
    return this.queries.hasTrade(vtTradeId)
  }

  queryOrders(query: CommandRequest<'orders:query'>): HistoryPage<Order> {
    return this.queries.orders(query)
  }

  queryTrades(query: CommandRequest<'trades:query'>): HistoryPage<Trade> {
    return this.queries.trades(query)
  }

  queryLogs(query: CommandRequest<'logs:query'>): HistoryPage<Log> {
    return this.queries.logs(query)
  }

  /** A value kept in the journal's meta table (committed ones only). */
  readMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined
    return row?.value
  }

  /** Stages a meta value: it is committed with the slice in progress (or the next). */
  stageMeta(key: string, value: string): void {
    this.writer.stageMeta(key, value)
  }

  /** The journal's own connection, for diagnostics and tests (a full disk is simulated with `PRAGMA max_page_count`). */
  get connection(): DatabaseSync {
    return this.db
  }

  /** Moves the strategy files of a data folder kept before the journal into it, once (see importStrategyFiles). */
  importStrategyFiles(dir: string): ImportReport[] {
    return importStrategyFiles(this.db, dir, this.now())
  }

  /** Commits what is staged, stops recording, closes the file and checkpoints it. Safe to call again. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.recorder.dispose()
    this.retryAt = 0
    this.commit()
    this.db.close()
    await this.checkpointer?.stop()
  }

  /** The slice-end hook: never throws, so a failing disk costs the engine nothing but a log line. */
  private readonly commit = (): void => {
    if (this.writer.pending === 0) return
    if (this.failure !== undefined && this.scheduler.now() < this.retryAt) return this.bound()
    try {
      this.writer.commit()
    } catch (err) {
      const first = this.failure === undefined
      this.failure = (err as Error).message
      this.retryAt = this.scheduler.now() + RETRY_MS
      this.bound()
      if (first)
        this.log(
          `Journal ${this.where()} cannot write: ${this.failure}. Trading continues; ` +
            'what is not written is kept in memory and written once it can be',
          'ERROR',
        )
      return
    }
    if (this.failure === undefined) return
    this.failure = undefined
    const lost = this.lost
    this.lost = 0
    if (this.unusable !== undefined) return
    this.log(
      `Journal ${this.where()} writes again` +
        (lost > 0 ? `; ${lost} trades, logs and order updates could not be kept meanwhile` : ''),
      lost > 0 ? 'WARNING' : 'INFO',
    )
  }

  /** Keeps the memory of a journal that cannot write bounded. */
  private bound(): void {
    if (this.writer.pending > MAX_BACKLOG) this.lost += this.writer.dropHistory()
  }

  private where(): string {
    return this.path ?? '(in memory)'
  }

  private readonly now = (): number => this.scheduler.epoch(this.scheduler.now())

  private log(message: string, level: LogLevel): void {
    if (this.closed) return
    this.engine.put({ type: EVENT_LOG, data: { time: this.now(), level, source: JOURNAL_SOURCE, message } })
  }
}

/** Everything a start reads, so that a bad file is found at open: the current day, and the strategy tables. */
function readStart(db: DatabaseSync, now: number, limits: RestoreLimits): RestoredDay {
  db.prepare('SELECT count(*) FROM strategies').get()
  db.prepare('SELECT count(*) FROM strategy_variables').get()
  return readDay(db, now, limits)
}

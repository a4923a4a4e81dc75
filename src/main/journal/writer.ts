import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { isActive, type Account, type Log, type Order, type Position, type Trade } from '../../shared/objects'
import type { SavedInstance, SavedVariables } from '../strategy/strategy-store'
import { tradingDayOf } from './trading-day'

/** Meta key set once strategy instances have been saved: from then on, no saved instances means none, not a first launch. */
export const INSTANCES_SAVED = 'strategy_instances_saved'

interface OrderUpdate {
  vtOrderId: string
  time: number
  status: string
  traded: number
}

interface Snapshot<T> {
  tradingDay: string
  time: number
  value: T
}

/**
 * Collects what is to be written, then writes it in one transaction.
 *
 * Staging is cheap and synchronous, so handlers call it on every event; the
 * commit runs once per drain slice (see recorder.ts). The transaction is
 * opened and closed within `commit()`, never held across a turn of the event
 * loop: other connections in this thread write to the same file. An order
 * updated several times in one batch is written once, in its latest state,
 * but each update is kept in its status history.
 */
export class JournalWriter {
  private readonly orders = new Map<string, Order>()
  private updates: OrderUpdate[] = []
  private readonly trades = new Map<string, Trade>()
  private logs: Log[] = []
  private readonly accounts = new Map<string, Snapshot<Account>>()
  private readonly positions = new Map<string, Snapshot<Position>>()
  private readonly meta = new Map<string, string>()
  /** Every strategy instance, when they were saved since the last commit. */
  private instances: ReadonlyMap<string, SavedInstance> | undefined
  private readonly variables = new Map<string, SavedVariables>()
  private rows = 0
  /** `vt_symbol trading_day` pairs the days table already holds. */
  private readonly knownDays = new Set<string>()
  /** Pairs written by the transaction in progress: known once it commits. */
  private readonly newDays = new Set<string>()
  private readonly insertOrder: StatementSync
  private readonly insertUpdate: StatementSync
  private readonly insertTrade: StatementSync
  private readonly insertLog: StatementSync
  private readonly insertAccount: StatementSync
  private readonly insertPosition: StatementSync
  private readonly insertMeta: StatementSync
  private readonly insertDay: StatementSync
  private readonly deleteInstances: StatementSync
  private readonly insertInstance: StatementSync
  private readonly insertVariables: StatementSync

  constructor(
    private readonly db: DatabaseSync,
    /** The desk's clock, epoch ms: when an update was journaled, and the day of a snapshot. */
    private readonly clock: () => number,
    /** Called when the first row of a batch is staged. */
    private readonly onStaged: () => void = () => {},
  ) {
    this.insertOrder = db.prepare(
      `INSERT INTO orders (vt_order_id, trading_day, vt_symbol, reference, status, active, datetime, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (vt_order_id) DO UPDATE SET status = excluded.status, active = excluded.active, data = excluded.data`,
    )
    this.insertUpdate = db.prepare('INSERT INTO order_updates (vt_order_id, time, status, traded) VALUES (?, ?, ?, ?)')
    this.insertTrade = db.prepare(
      `INSERT OR IGNORE INTO trades (vt_trade_id, trading_day, vt_symbol, vt_order_id, reference, datetime, data)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    this.insertLog = db.prepare(
      `INSERT INTO logs (trading_day, time, level, source, code, params, message, stack)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.insertAccount = db.prepare(
      'INSERT OR REPLACE INTO account_snapshots (trading_day, vt_account_id, time, data) VALUES (?, ?, ?, ?)',
    )
    this.insertPosition = db.prepare(
      `INSERT OR REPLACE INTO position_snapshots (trading_day, vt_position_id, vt_symbol, time, data)
       VALUES (?, ?, ?, ?, ?)`,
    )
    this.insertMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
    this.insertDay = db.prepare('INSERT OR IGNORE INTO days (vt_symbol, trading_day) VALUES (?, ?)')
    this.deleteInstances = db.prepare('DELETE FROM strategies')
    this.insertInstance = db.prepare(
      'INSERT INTO strategies (strategy_name, class_name, vt_symbol, setting) VALUES (?, ?, ?, ?)',
    )
    this.insertVariables = db.prepare(
      'INSERT OR REPLACE INTO strategy_variables (strategy_name, variables, time) VALUES (?, ?, ?)',
    )
  }

  /** Rows waiting for the next commit. */
  get pending(): number {
    return this.rows
  }

  stageOrder(order: Order): void {
    this.orders.set(order.vtOrderId, order)
    this.updates.push({ vtOrderId: order.vtOrderId, time: this.clock(), status: order.status, traded: order.traded })
    this.staged(2)
  }

  stageTrade(trade: Trade): void {
    this.trades.set(trade.vtTradeId, trade)
    this.staged(1)
  }

  stageLog(log: Log): void {
    this.logs.push(log)
    this.staged(1)
  }

  stageAccount(account: Account): void {
    const time = this.clock()
    const tradingDay = tradingDayOf(undefined, time)
    this.accounts.set(`${tradingDay} ${account.vtAccountId}`, { tradingDay, time, value: account })
    this.staged(1)
  }

  stagePosition(position: Position): void {
    const time = this.clock()
    const tradingDay = tradingDayOf(position.vtSymbol, time)
    this.positions.set(`${tradingDay} ${position.vtPositionId}`, { tradingDay, time, value: position })
    this.staged(1)
  }

  stageMeta(key: string, value: string): void {
    this.meta.set(key, value)
    this.staged(1)
  }

  /** Replaces every saved strategy instance; marks the instances as saved (first launch is over). */
  stageInstances(instances: ReadonlyMap<string, SavedInstance>): void {
    this.instances = instances
    this.stageMeta(INSTANCES_SAVED, '1')
  }

  stageVariables(strategyName: string, variables: SavedVariables): void {
    this.variables.set(strategyName, variables)
    this.staged(1)
  }

  stagedInstances(): ReadonlyMap<string, SavedInstance> | undefined {
    return this.instances
  }

  stagedVariables(strategyName: string): SavedVariables | undefined {
    return this.variables.get(strategyName)
  }

  /** The latest staged state of an order not yet committed. */
  stagedOrder(vtOrderId: string): Order | undefined {
    return this.orders.get(vtOrderId)
  }

  stagedTrade(vtTradeId: string): Trade | undefined {
    return this.trades.get(vtTradeId)
  }

  /**
   * Writes everything staged in one transaction and empties the batch.
   * Throws if the database refuses (disk full, read-only, locked): the
   * transaction is rolled back and the batch kept for the next try.
   */
  commit(): void {
    if (this.rows === 0) return
    const db = this.db
    db.exec('BEGIN IMMEDIATE')
    try {
      this.writeAll()
      db.exec('COMMIT')
    } catch (err) {
      rollBack(db)
      this.newDays.clear()
      throw err
    }
    for (const key of this.newDays) this.knownDays.add(key)
    this.newDays.clear()
    this.clear()
  }

  /**
   * Forgets staged trades, logs and order updates (orders, snapshots and
   * meta keep their latest state, bounded by the number of keys), so a
   * journal that cannot write costs bounded memory. Returns how many rows
   * were dropped.
   */
  dropHistory(): number {
    const dropped = this.trades.size + this.logs.length + this.updates.length
    this.trades.clear()
    this.logs = []
    this.updates = []
    this.rows -= dropped
    return dropped
  }

  private staged(rows: number): void {
    if (this.rows === 0) this.onStaged()
    this.rows += rows
  }

  private writeAll(): void {
    for (const order of this.orders.values()) {
      this.insertOrder.run(
        order.vtOrderId,
        this.day(order.vtSymbol, order.datetime),
        order.vtSymbol,
        order.reference,
        order.status,
        isActive(order) ? 1 : 0,
        order.datetime,
        JSON.stringify(order),
      )
    }
    for (const u of this.updates) this.insertUpdate.run(u.vtOrderId, u.time, u.status, u.traded)
    for (const trade of this.trades.values()) {
      this.insertTrade.run(
        trade.vtTradeId,
        this.day(trade.vtSymbol, trade.datetime),
        trade.vtSymbol,
        trade.vtOrderId,
        trade.reference,
        trade.datetime,
        JSON.stringify(trade),
      )
    }
    for (const log of this.logs) {
      this.insertLog.run(
        this.day(undefined, log.time),
        log.time,
        log.level,
        log.source,
        log.code ?? null,
        log.params === undefined ? null : JSON.stringify(log.params),
        log.message,
        log.stack ?? null,
      )
    }
    for (const { tradingDay, time, value } of this.accounts.values())
      this.insertAccount.run(tradingDay, value.vtAccountId, time, JSON.stringify(value))
    for (const { tradingDay, time, value } of this.positions.values())
      this.insertPosition.run(tradingDay, value.vtPositionId, value.vtSymbol, time, JSON.stringify(value))
    for (const [key, value] of this.meta) this.insertMeta.run(key, value)
    if (this.instances !== undefined) {
      this.deleteInstances.run()
      for (const [name, saved] of this.instances)
        this.insertInstance.run(name, saved.className, saved.vtSymbol, JSON.stringify(saved.setting))
    }
    const time = this.clock()
    for (const [name, variables] of this.variables) this.insertVariables.run(name, JSON.stringify(variables), time)
  }

  /** The trading day of a row, noted in the days table the first time it is seen. */
  private day(vtSymbol: string | undefined, time: number): string {
    const tradingDay = tradingDayOf(vtSymbol, time)
    const key = `${vtSymbol ?? ''} ${tradingDay}`
    if (!this.knownDays.has(key) && !this.newDays.has(key)) {
      this.insertDay.run(vtSymbol ?? '', tradingDay)
      this.newDays.add(key)
    }
    return tradingDay
  }

  private clear(): void {
    this.orders.clear()
    this.updates = []
    this.trades.clear()
    this.logs = []
    this.accounts.clear()
    this.positions.clear()
    this.meta.clear()
    this.instances = undefined
    this.variables.clear()
    this.rows = 0
  }
}

/** Ends a failed transaction; a full disk or an I/O error may already have rolled it back. */
function rollBack(db: DatabaseSync): void {
  try {
    db.exec('ROLLBACK')
  } catch {
    // No transaction was open any more: nothing to undo.
  }
}

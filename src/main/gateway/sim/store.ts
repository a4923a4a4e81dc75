import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type { Direction, LogLevel, Trade } from '../../../shared/objects'
import type { ExchangeRecorder, StoredBooks, WorkingOrder } from './books'
import type { SimExchange } from './exchange'
import type { Currency } from './instruments'
import type { Funds, SimPosition } from './ledger'
import type { MarketModel, MarketState } from './market'
import { migrateSim } from './store-schema'

/** What a database holds of the exchange: its counters always, its books once it has opened. */
export interface StoredExchange {
  /** The seed its markets were started from. */
  seed: number
  books: StoredBooks
}

/** How the store tells the trader about a database it cannot use (the gateway's log). */
export type StoreReport = (message: string, level: LogLevel) => void

/** Market states are saved at most this often (and at every clean disconnect): ticks are many, and cheap to redo. */
const MARKET_SAVE_MS = 1000

/**
 * The simulated exchange's books in SQLite (`node:sqlite`), so the exchange
 * outlives the desk as a real one would: balances, positions, the day's
 * orders and trades, id counters and where each market stands.
 *
 * The exchange reports each change as it makes it (`ExchangeRecorder`); the
 * gateway calls `flush` at the end of each thing it does (an order, a cancel,
 * a market batch), which writes them in one short transaction: never open
 * across an await, so the desk's journal on the same file is never kept
 * waiting. Its own connection, its own `sim_` tables (see store-schema.ts).
 * WAL with synchronous=NORMAL: a commit survives the process being killed;
 * against power loss, the last commits before it may be lost.
 */
export class SimStore implements ExchangeRecorder {
  /** The last order id handed out; ids are never reused, so the desk's records of old orders stay unambiguous. */
  orderCount: number
  /** A flush failed and none has succeeded since: reported once, not per batch. */
  private failing = false
  private readonly pendingOrders = new Set<WorkingOrder>()
  private readonly pendingTrades: { trade: Trade; tradingDay: string }[] = []
  private readonly pendingPositions = new Set<SimPosition>()
  private readonly pendingFunds = new Map<Currency, Funds>()
  private readonly pendingRolls = new Set<MarketModel>()
  private marketsSavedAt = -Infinity
  private savedOrderCount = -1
  private readonly db: DatabaseSync
  private readonly statements: Record<
    'meta' | 'order' | 'trade' | 'position' | 'account' | 'market' | 'forgetOrders' | 'forgetTrades',
    StatementSync
  >

  /**
   * Opens the store at `path`, or reports why it cannot and returns
   * undefined: the exchange then keeps its books in memory.
   */
  static open(path: string, report: StoreReport): SimStore | undefined {
    try {
      return new SimStore(path, report)
    } catch (error) {
      report(`the simulated exchange keeps its books in memory only: cannot use ${path}: ${String(error)}`, 'ERROR')
      return undefined
    }
  }

  /** Opens (creating if need be) the database at `path` and brings its `sim_` tables up to date; throws why not. */
  constructor(
    readonly path: string,
    private readonly report: StoreReport,
  ) {
    const db = (this.db = new DatabaseSync(path))
    try {
      db.exec('PRAGMA journal_mode = WAL')
      db.exec('PRAGMA synchronous = NORMAL')
      // The journal's connection writes in short transactions too; wait one out rather than fail.
      db.exec('PRAGMA busy_timeout = 100')
      migrateSim(db)
    } catch (error) {
      db.close()
      throw error
    }
    this.statements = {
      meta: db.prepare(
        `INSERT INTO sim_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
      order: db.prepare(
        `INSERT INTO sim_orders (order_id, seq, trading_day, vt_symbol, status, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, body = excluded.body`,
      ),
      trade: db.prepare(
        `INSERT OR IGNORE INTO sim_trades (trade_id, seq, trading_day, vt_symbol, body) VALUES (?, ?, ?, ?, ?)`,
      ),
      position: db.prepare(
        `INSERT INTO sim_positions (vt_symbol, direction, lots, yd_lots, frozen_lots, cost) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (vt_symbol, direction) DO UPDATE SET lots = excluded.lots, yd_lots = excluded.yd_lots,
           frozen_lots = excluded.frozen_lots, cost = excluded.cost`,
      ),
      account: db.prepare(
        `INSERT INTO sim_accounts (currency, capital, commission, close_pnl) VALUES (?, ?, ?, ?)
         ON CONFLICT (currency) DO UPDATE SET capital = excluded.capital, commission = excluded.commission,
           close_pnl = excluded.close_pnl`,
      ),
      forgetOrders: db.prepare(
        `DELETE FROM sim_orders WHERE vt_symbol = ? AND trading_day < ? AND status NOT IN ('NOTTRADED', 'PARTTRADED')`,
      ),
      forgetTrades: db.prepare(`DELETE FROM sim_trades WHERE vt_symbol = ? AND trading_day < ?`),
      market: db.prepare(
        `INSERT INTO sim_markets (vt_symbol, state) VALUES (?, ?) ON CONFLICT (vt_symbol) DO UPDATE SET state = excluded.state`,
      ),
    }
    this.orderCount = Number(this.meta('order_count') ?? 0)
  }

  order(working: WorkingOrder): void {
    this.pendingOrders.add(working)
  }

  trade(trade: Trade, tradingDay: string): void {
    this.pendingTrades.push({ trade, tradingDay })
  }

  position(position: SimPosition): void {
    this.pendingPositions.add(position)
  }

  funds(currency: Currency, funds: Funds): void {
    this.pendingFunds.set(currency, funds)
  }

  rolled(market: MarketModel): void {
    this.pendingRolls.add(market)
  }

  /** The exchange as the database holds it, or undefined if it never opened one. */
  load(): StoredExchange | undefined {
    const accounts = this.db.prepare('SELECT currency, capital, commission, close_pnl FROM sim_accounts').all()
    if (accounts.length === 0) return undefined
    const funds = new Map<Currency, Funds>()
    for (const row of accounts)
      funds.set(row.currency as Currency, {
        capital: Number(row.capital),
        commission: Number(row.commission),
        closePnl: Number(row.close_pnl),
      })
    const positions = this.db
      .prepare('SELECT vt_symbol, direction, lots, yd_lots, frozen_lots, cost FROM sim_positions')
      .all()
      .map((row) => ({
        vtSymbol: String(row.vt_symbol),
        direction: row.direction as Direction,
        lots: Number(row.lots),
        ydLots: Number(row.yd_lots),
        frozenLots: Number(row.frozen_lots),
        cost: Number(row.cost),
      }))
    const orders = this.db
      .prepare('SELECT body FROM sim_orders ORDER BY seq')
      .all()
      .map((row) => JSON.parse(String(row.body)) as Omit<WorkingOrder, 'market'>)
    const trades = this.db
      .prepare('SELECT body FROM sim_trades ORDER BY seq')
      .all()
      .map((row) => JSON.parse(String(row.body)) as Trade)
    const markets = new Map<string, MarketState>()
    for (const row of this.db.prepare('SELECT vt_symbol, state FROM sim_markets').all())
      markets.set(String(row.vt_symbol), JSON.parse(String(row.state)) as MarketState)
    return {
      seed: Number(this.meta('seed') ?? 0),
      books: { funds, positions, orders, trades, markets, tradeCount: Number(this.meta('trade_count') ?? 0) },
    }
  }

  /** Records the seed a new exchange starts its markets from. */
  opened(exchange: SimExchange, seed: number, now: number): void {
    this.statements.meta.run('seed', String(seed))
    for (const currency of exchange.ledger.currencies())
      this.pendingFunds.set(currency, exchange.ledger.fundsOf(currency))
    this.flush(exchange, now, true)
  }

  /**
   * Writes what changed since the last flush in one transaction, with the
   * markets' states when `MARKET_SAVE_MS` has passed (`now` is monotonic ms)
   * or `saveMarkets` says so. If the write fails (a full disk, say), the
   * changes stay pending for the next flush, the failure is reported once
   * and trading goes on from memory.
   */
  flush(exchange: SimExchange | undefined, now: number, saveMarkets = false): void {
    try {
      this.write(exchange, now, saveMarkets)
      if (this.failing) this.report(`the simulated exchange saves its books to ${this.path} again`, 'INFO')
      this.failing = false
    } catch (error) {
      if (!this.failing)
        this.report(
          `the simulated exchange cannot save its books to ${this.path}: ${String(error)}; it trades on from memory`,
          'ERROR',
        )
      this.failing = true
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close()
  }

  private write(exchange: SimExchange | undefined, now: number, saveMarkets: boolean): void {
    const s = this.statements
    const markets = exchange !== undefined && (saveMarkets || now - this.marketsSavedAt >= MARKET_SAVE_MS)
    // Most market batches change nothing but prices: no transaction for them.
    if (!markets && this.nothingPending()) return
    this.db.exec('BEGIN IMMEDIATE')
    try {
      s.meta.run('order_count', String(this.orderCount))
      if (exchange !== undefined) s.meta.run('trade_count', String(exchange.tradesBooked))
      for (const working of this.pendingOrders) {
        const { order, seq, tradingDay, offset, lots, tradedLots, priceTicks, frozenPerLot, triggered } = working
        const body = { order, seq, tradingDay, offset, lots, tradedLots, priceTicks, frozenPerLot, triggered }
        s.order.run(order.orderId, seq, tradingDay, order.vtSymbol, order.status, JSON.stringify(body))
      }
      for (const { trade, tradingDay } of this.pendingTrades)
        s.trade.run(trade.tradeId, Number(trade.tradeId), tradingDay, trade.vtSymbol, JSON.stringify(trade))
      for (const position of this.pendingPositions) {
        const { market, direction, lots, ydLots, frozenLots, cost } = position
        s.position.run(market.vtSymbol, direction, lots, ydLots, frozenLots, cost)
      }
      for (const [currency, funds] of this.pendingFunds)
        s.account.run(currency, funds.capital, funds.commission, funds.closePnl)
      for (const market of this.pendingRolls) {
        s.forgetOrders.run(market.vtSymbol, market.tradingDay)
        s.forgetTrades.run(market.vtSymbol, market.tradingDay)
        if (!markets) s.market.run(market.vtSymbol, JSON.stringify(market.save()))
      }
      if (markets) for (const market of exchange.markets) s.market.run(market.vtSymbol, JSON.stringify(market.save()))
      this.db.exec('COMMIT')
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK')
      throw error
    }
    if (markets) this.marketsSavedAt = now
    this.savedOrderCount = this.orderCount
    this.pendingOrders.clear()
    this.pendingTrades.length = 0
    this.pendingPositions.clear()
    this.pendingFunds.clear()
    this.pendingRolls.clear()
  }

  private nothingPending(): boolean {
    return (
      this.orderCount === this.savedOrderCount &&
      this.pendingOrders.size === 0 &&
      this.pendingTrades.length === 0 &&
      this.pendingPositions.size === 0 &&
      this.pendingFunds.size === 0 &&
      this.pendingRolls.size === 0
    )
  }

  private meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM sim_meta WHERE key = ?').get(key)
    return row === undefined ? undefined : String(row.value)
  }
}

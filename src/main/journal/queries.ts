import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite'
import type { CommandRequest } from '../../shared/contract'
import { decodeCursor, DEFAULT_HISTORY_PAGE, encodeCursor, type HistoryPage } from '../../shared/history'
import type { Log, Order, Trade } from '../../shared/objects'
import { toLog, type LogRow } from './restore'

/** How one kind of row is paged: its table, its time column, what its filters compare. */
interface Paging<T> {
  table: string
  time: string
  symbol?: string
  strategy: string
  columns: string
  parse(row: Record<string, unknown>): T
}

const parseData = <T>(row: Record<string, unknown>): T => JSON.parse(row.data as string) as T

const ORDERS: Paging<Order> = {
  table: 'orders',
  time: 'datetime',
  symbol: 'vt_symbol',
  strategy: 'reference',
  columns: 'data',
  parse: parseData,
}
const TRADES: Paging<Trade> = {
  table: 'trades',
  time: 'datetime',
  symbol: 'vt_symbol',
  strategy: 'reference',
  columns: 'data',
  parse: parseData,
}
const LOGS: Paging<Log> = {
  table: 'logs',
  time: 'time',
  strategy: 'source',
  columns: 'level, source, code, params, message, stack',
  parse: (row) => toLog(row as unknown as LogRow),
}

type Query = { from?: number; to?: number; cursor?: string; limit?: number; vtSymbol?: string; strategy?: string }

/**
 * Reads the journal's history: lookups by id, for what memory no longer
 * holds, and pages newest first (time, then the row's place, so rows with
 * the same time page in a stable order). Sees committed rows only.
 */
export class JournalQueries {
  private readonly statements = new Map<string, StatementSync>()

  constructor(private readonly db: DatabaseSync) {}

  order(vtOrderId: string): Order | undefined {
    const row = this.statement('SELECT data FROM orders WHERE vt_order_id = ?').get(vtOrderId)
    return row === undefined ? undefined : parseData<Order>(row)
  }

  trade(vtTradeId: string): Trade | undefined {
    const row = this.statement('SELECT data FROM trades WHERE vt_trade_id = ?').get(vtTradeId)
    return row === undefined ? undefined : parseData<Trade>(row)
  }

  hasTrade(vtTradeId: string): boolean {
    return this.statement('SELECT 1 FROM trades WHERE vt_trade_id = ?').get(vtTradeId) !== undefined
  }

  orders(query: CommandRequest<'orders:query'>): HistoryPage<Order> {
    return this.page(ORDERS, query)
  }

  trades(query: CommandRequest<'trades:query'>): HistoryPage<Trade> {
    return this.page(TRADES, query)
  }

  logs(query: CommandRequest<'logs:query'>): HistoryPage<Log> {
    return this.page(LOGS, query)
  }

  private page<T>(paging: Paging<T>, query: Query): HistoryPage<T> {
    const where: string[] = []
    const params: SQLInputValue[] = []
    const add = (condition: string, ...values: SQLInputValue[]): void => {
      where.push(condition)
      params.push(...values)
    }
    if (query.from !== undefined) add(`${paging.time} >= ?`, query.from)
    if (query.to !== undefined) add(`${paging.time} < ?`, query.to)
    if (query.vtSymbol !== undefined && paging.symbol !== undefined) add(`${paging.symbol} = ?`, query.vtSymbol)
    if (query.strategy !== undefined) add(`${paging.strategy} = ?`, query.strategy)
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
    if (cursor !== undefined) add(`(${paging.time}, rowid) < (?, ?)`, cursor.time, cursor.row)
    const limit = query.limit ?? DEFAULT_HISTORY_PAGE
    const sql =
      `SELECT rowid AS row, ${paging.time} AS time, ${paging.columns} FROM ${paging.table}` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ${paging.time} DESC, rowid DESC LIMIT ?`
    // One row more than asked says whether there is a next page.
    const rows = this.statement(sql).all(...params, limit + 1)
    const items = rows.slice(0, limit).map((row) => paging.parse(row))
    if (rows.length <= limit) return { items }
    const last = rows[limit - 1] as { row: number; time: number }
    return { items, next: encodeCursor({ time: last.time, row: last.row }) }
  }

  /** Prepared once per distinct query shape: a handful of filter combinations per kind. */
  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql)
    if (statement === undefined) this.statements.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }
}

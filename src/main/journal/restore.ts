import type { DatabaseSync } from 'node:sqlite'
import type { Log, LogLevel, Order, Trade } from '../../shared/objects'
import { tradingDayOf } from './trading-day'

/** What a restart puts back on the desk: the current trading day as the journal kept it. */
export interface RestoredDay {
  /** Every working order, whatever its day, and the day's most recent finished ones, oldest first. */
  orders: Order[]
  /** The day's trades, oldest first. */
  trades: Trade[]
  /** The day's logs, oldest first. */
  logs: Log[]
  /** The highest number among the trading core's rejections (`R<n>` order ids), 0 if none. */
  lastRejection: number
}

/**
 * How far back the current trading day can begin: a Friday night session
 * belongs to Monday's. Rows older than this are not read, so a start does
 * not walk the whole history of an instrument that has no rows today.
 */
const DAY_REACH_MS = 4 * 24 * 3600_000

/** At most this many of each kind are read back: the most recent ones. */
export interface RestoreLimits {
  orders: number
  trades: number
  logs: number
}

interface DataRow {
  data: string
}

/** A log as the logs table holds it. */
export interface LogRow {
  time: number
  level: LogLevel
  source: string
  /** The host message's code and its parameters as JSON (src/shared/messages.ts); NULL for plain text. */
  code: string | null
  params: string | null
  message: string
  stack: string | null
}

/**
 * Reads the current trading day back from the journal: for each instrument
 * the journal has rows for, the rows of its current day (instruments may be
 * on different days), the most recent first up to the limits; and the
 * working orders of any day, which are still working until a gateway says
 * otherwise.
 */
export function readDay(db: DatabaseSync, now: number, limits: RestoreLimits): RestoredDay {
  const symbols = (
    db.prepare("SELECT DISTINCT vt_symbol FROM days WHERE vt_symbol != ''").all() as {
      vt_symbol: string
    }[]
  ).map((row) => row.vt_symbol)
  const since = now - DAY_REACH_MS
  const finishedOfDay = db.prepare(
    `SELECT data FROM orders WHERE vt_symbol = ? AND datetime >= ? AND trading_day = ? AND active = 0
     ORDER BY datetime DESC LIMIT ?`,
  )
  const tradesOfDay = db.prepare(
    `SELECT data FROM trades WHERE vt_symbol = ? AND datetime >= ? AND trading_day = ?
     ORDER BY datetime DESC LIMIT ?`,
  )
  const finished: Order[] = []
  const trades: Trade[] = []
  for (const vtSymbol of symbols) {
    const day = tradingDayOf(vtSymbol, now)
    for (const row of finishedOfDay.all(vtSymbol, since, day, limits.orders) as unknown as DataRow[])
      finished.push(JSON.parse(row.data) as Order)
    for (const row of tradesOfDay.all(vtSymbol, since, day, limits.trades) as unknown as DataRow[])
      trades.push(JSON.parse(row.data) as Trade)
  }
  const working = (db.prepare('SELECT data FROM orders WHERE active = 1').all() as unknown as DataRow[]).map(
    (row) => JSON.parse(row.data) as Order,
  )
  const logs = (
    db
      .prepare(
        `SELECT time, level, source, code, params, message, stack FROM logs WHERE time >= ? AND trading_day = ?
         ORDER BY time DESC, id DESC LIMIT ?`,
      )
      .all(since, tradingDayOf(undefined, now), limits.logs) as unknown as LogRow[]
  )
    .reverse()
    .map(toLog)
  return {
    orders: [...working, ...newest(finished, limits.orders)].sort((a, b) => a.datetime - b.datetime),
    trades: newest(trades, limits.trades),
    logs,
    lastRejection: lastRejection(db),
  }
}

/** The `limit` latest by time, oldest first. */
function newest<T extends { datetime: number }>(items: T[], limit: number): T[] {
  items.sort((a, b) => a.datetime - b.datetime)
  return items.length <= limit ? items : items.slice(items.length - limit)
}

function lastRejection(db: DatabaseSync): number {
  const row = db
    .prepare(
      `SELECT max(CAST(substr(vt_order_id, instr(vt_order_id, '.R') + 2) AS INTEGER)) AS n
       FROM orders WHERE status = 'REJECTED' AND vt_order_id GLOB '*.R[0-9]*'`,
    )
    .get() as { n: number | null }
  return row.n ?? 0
}

export function toLog(row: LogRow): Log {
  const log: Log = { time: row.time, level: row.level, source: row.source, message: row.message }
  if (row.code !== null) {
    // A window shows the code in its language; parameters that do not read back leave the English alone.
    const params = parseParams(row.params)
    if (params !== undefined) Object.assign(log, { code: row.code, params })
  }
  if (row.stack !== null) log.stack = row.stack
  return log
}

function parseParams(json: string | null): Record<string, unknown> | undefined {
  if (json === null) return {}
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

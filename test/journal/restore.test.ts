import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/journal/database'
import { JournalQueries } from '../../src/main/journal/queries'
import { readDay } from '../../src/main/journal/restore'
import { migrate } from '../../src/main/journal/schema'
import { JournalWriter } from '../../src/main/journal/writer'
import { hostMessage, logText } from '../../src/shared/messages'
import { log, order, T0, tempDataDir, trade } from './helpers'

const DAY = 24 * 3600_000
const LIMITS = { orders: 100, trades: 100, logs: 100 }

function journalWith(write: (writer: JournalWriter) => void) {
  const db = openDatabase(join(tempDataDir(), 'journal.sqlite'))
  const writer = new JournalWriter(db, () => T0)
  write(writer)
  writer.commit()
  return db
}

describe('a restart reads back', () => {
  it("the current day's orders, trades and logs, oldest first, and working orders of earlier days", () => {
    const db = journalWith((w) => {
      w.stageOrder(order(1, 'ALLTRADED', { datetime: T0 - DAY })) // yesterday, done
      w.stageOrder(order(2, 'NOTTRADED', { datetime: T0 - DAY })) // yesterday, still working
      w.stageTrade(trade(1, { datetime: T0 - DAY }))
      w.stageLog(log(1, { time: T0 - DAY }))
      w.stageOrder(order(4, 'ALLTRADED'))
      w.stageOrder(order(3, 'CANCELLED'))
      w.stageTrade(trade(4))
      w.stageLog(log(3))
      w.stageLog(log(4, { level: 'ERROR', stack: 'Error: at somewhere' }))
    })
    const day = readDay(db, T0 + 3600_000, LIMITS)
    expect(day.orders.map((o) => o.vtOrderId)).toEqual(['SIM.2', 'SIM.3', 'SIM.4'])
    expect(day.orders[2]).toEqual(order(4, 'ALLTRADED'))
    expect(day.trades).toEqual([trade(4)])
    expect(day.logs).toEqual([log(3), log(4, { level: 'ERROR', stack: 'Error: at somewhere' })])
    expect(day.lastRejection).toBe(0)
  })

  it('a log line’s message code and parameters beside its English, so a window shows it in its language', () => {
    const coded = { ...log(5), ...logText(hostMessage('risk.volumeCap', { volume: 1500, cap: 1000 })) }
    const db = journalWith((w) => {
      w.stageLog(coded)
      w.stageLog(log(6))
    })
    expect(readDay(db, T0 + 3600_000, LIMITS).logs).toEqual([coded, log(6)])
    expect(new JournalQueries(db).logs({}).items).toEqual([log(6), coded])
  })

  it('the most recent rows up to the limits, every working order included', () => {
    const db = journalWith((w) => {
      for (let n = 1; n <= 30; n++) w.stageOrder(order(n, n % 10 === 0 ? 'NOTTRADED' : 'ALLTRADED'))
      for (let n = 1; n <= 30; n++) w.stageTrade(trade(n))
      for (let n = 1; n <= 30; n++) w.stageLog(log(n))
    })
    const day = readDay(db, T0, { orders: 5, trades: 4, logs: 3 })
    expect(day.orders.map((o) => o.orderId)).toEqual(['10', '20', '25', '26', '27', '28', '29', '30'])
    expect(day.trades.map((t) => t.tradeId)).toEqual(['T27', 'T28', 'T29', 'T30'])
    expect(day.logs.map((l) => l.message)).toEqual(['line 28', 'line 29', 'line 30'])
  })

  it("the trading core's last rejection number, whatever its day", () => {
    const db = journalWith((w) => {
      w.stageOrder(order(1, 'REJECTED', { orderId: 'R9', vtOrderId: 'SIM.R9', datetime: T0 - 5 * DAY }))
      w.stageOrder(order(2, 'REJECTED', { orderId: 'R10', vtOrderId: 'SIM.R10' }))
      w.stageOrder(order(3, 'REJECTED')) // the gateway's own rejection: not ours to number
    })
    expect(readDay(db, T0, LIMITS).lastRejection).toBe(10)
  })

  it('the rows of a journal written before the days table existed', () => {
    const path = join(tempDataDir(), 'journal.sqlite')
    const v1 = new DatabaseSync(path)
    migrate(v1, 1)
    const o = order(1, 'PARTTRADED')
    v1.prepare(
      `INSERT INTO orders (vt_order_id, trading_day, vt_symbol, reference, status, active, datetime, data)
       VALUES (?, '2026-11-26', ?, 'manual', ?, 1, ?, ?)`,
    ).run(o.vtOrderId, o.vtSymbol, o.status, o.datetime, JSON.stringify(o))
    const t = trade(1)
    v1.prepare(
      `INSERT INTO trades (vt_trade_id, trading_day, vt_symbol, vt_order_id, reference, datetime, data)
       VALUES (?, '2026-11-26', ?, ?, 'manual', ?, ?)`,
    ).run(t.vtTradeId, t.vtSymbol, t.vtOrderId, t.datetime, JSON.stringify(t))
    v1.prepare(
      "INSERT INTO logs (trading_day, time, level, source, message) VALUES ('2026-11-26', ?, 'INFO', 'trader', 'line 1')",
    ).run(T0 + 1000)
    v1.close()
    const day = readDay(openDatabase(path), T0, LIMITS)
    expect(day.orders).toEqual([o])
    expect(day.trades).toEqual([t])
    expect(day.logs).toEqual([log(1)])
  })
})

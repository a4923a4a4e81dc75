import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/journal/database'
import { JournalWriter } from '../../src/main/journal/writer'
import { log, order, T0, tempDataDir, trade } from './helpers'

function setup() {
  const db = openDatabase(join(tempDataDir(), 'journal.sqlite'))
  let now = T0
  const writer = new JournalWriter(db, () => now)
  return { db, writer, tick: (ms: number) => (now += ms) }
}

describe('the journal writer', () => {
  it('writes nothing until it commits, then everything staged in one go', () => {
    const { db, writer } = setup()
    writer.stageOrder(order(1))
    writer.stageTrade(trade(1))
    writer.stageLog(log(1))
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 0 })
    writer.commit()
    expect(writer.pending).toBe(0)
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 1 })
    expect(db.prepare('SELECT count(*) AS n FROM trades').get()).toEqual({ n: 1 })
    expect(db.prepare('SELECT trading_day, level, source, code, message FROM logs').all()).toEqual([
      { trading_day: '2026-11-26', level: 'INFO', source: 'trader', code: null, message: 'line 1' },
    ])
  })

  it('keeps each order in its latest state and every update in its status history', () => {
    const { db, writer, tick } = setup()
    writer.stageOrder(order(1, 'SUBMITTING'))
    tick(5)
    writer.stageOrder(order(1, 'NOTTRADED'))
    writer.commit()
    tick(5)
    writer.stageOrder(order(1, 'PARTTRADED', { traded: 1 }))
    writer.stageOrder(order(1, 'ALLTRADED'))
    writer.commit()
    const row = db.prepare('SELECT status, active, data FROM orders').get() as { data: string }
    expect(row).toMatchObject({ status: 'ALLTRADED', active: 0 })
    expect(JSON.parse(row.data)).toEqual(order(1, 'ALLTRADED'))
    expect(db.prepare('SELECT time, status, traded FROM order_updates ORDER BY id').all()).toEqual([
      { time: T0, status: 'SUBMITTING', traded: 0 },
      { time: T0 + 5, status: 'NOTTRADED', traded: 0 },
      { time: T0 + 10, status: 'PARTTRADED', traded: 1 },
      { time: T0 + 10, status: 'ALLTRADED', traded: 2 },
    ])
  })

  it('writes a trade once, however often it is reported', () => {
    const { db, writer } = setup()
    writer.stageTrade(trade(1))
    writer.commit()
    writer.stageTrade(trade(1))
    writer.stageTrade(trade(2))
    writer.commit()
    expect(db.prepare('SELECT vt_trade_id FROM trades ORDER BY vt_trade_id').all()).toEqual([
      { vt_trade_id: 'SIM.T1' },
      { vt_trade_id: 'SIM.T2' },
    ])
  })

  it('keeps the latest account and position snapshot of each trading day', () => {
    const { db, writer, tick } = setup()
    const account = {
      gatewayName: 'SIM',
      accountId: 'CNY',
      vtAccountId: 'SIM.CNY',
      balance: 1,
      frozen: 0,
      available: 1,
      margin: 0,
      commission: 0,
      closePnl: 0,
      positionPnl: 0,
    }
    writer.stageAccount(account)
    writer.stageAccount({ ...account, balance: 2 })
    writer.commit()
    tick(24 * 3600_000)
    writer.stageAccount({ ...account, balance: 3 })
    writer.commit()
    expect(db.prepare('SELECT trading_day, data FROM account_snapshots ORDER BY trading_day').all()).toEqual([
      { trading_day: '2026-11-26', data: JSON.stringify({ ...account, balance: 2 }) },
      { trading_day: '2026-11-27', data: JSON.stringify({ ...account, balance: 3 }) },
    ])
  })

  it('keeps the batch when the database refuses it, and writes it on the next try', () => {
    const { db, writer } = setup()
    writer.stageOrder(order(1))
    writer.commit()
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count
    db.exec(`PRAGMA max_page_count = ${pages}`)
    for (let n = 2; n < 200; n++) writer.stageLog(log(n, { message: 'x'.repeat(500) }))
    expect(() => writer.commit()).toThrow(/full/)
    expect(writer.pending).toBe(198)
    db.exec('PRAGMA max_page_count = 1000000')
    writer.commit()
    expect(db.prepare('SELECT count(*) AS n FROM logs').get()).toEqual({ n: 198 })
  })

  it('drops staged history but not latest states when told to', () => {
    const { writer } = setup()
    writer.stageOrder(order(1))
    writer.stageTrade(trade(1))
    writer.stageLog(log(1))
    expect(writer.dropHistory()).toBe(3)
    expect(writer.pending).toBe(1)
    expect(writer.stagedOrder('SIM.1')).toEqual(order(1))
  })
})

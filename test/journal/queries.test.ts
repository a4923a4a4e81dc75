import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Bridge } from '../../src/main/bridge'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { openDatabase } from '../../src/main/journal/database'
import { JournalQueries } from '../../src/main/journal/queries'
import { JournalWriter } from '../../src/main/journal/writer'
import type { HistoryPage } from '../../src/shared/history'
import { log, order, T0, tempDataDir, trade } from './helpers'

/** 30 orders and trades: IF and rb alternating, by 'manual' and 'grid' in turn, one second apart (two share a time). */
function journal() {
  const db = openDatabase(join(tempDataDir(), 'journal.sqlite'))
  const writer = new JournalWriter(db, () => T0)
  for (let n = 1; n <= 30; n++) {
    const rb = n % 2 === 0
    const patch = {
      vtSymbol: rb ? 'rb2701.SHFE' : 'IF2612.CFFEX',
      reference: n % 3 === 0 ? 'grid' : 'manual',
      datetime: n === 30 ? T0 + 29_000 : T0 + n * 1000,
    }
    writer.stageOrder(order(n, 'ALLTRADED', patch))
    writer.stageTrade(trade(n, patch))
    writer.stageLog(log(n, { source: n % 3 === 0 ? 'grid' : 'trader' }))
  }
  writer.commit()
  return { db, queries: new JournalQueries(db) }
}

/** Every page in turn, following `next`. */
function pages<T>(query: (cursor?: string) => HistoryPage<T>): T[][] {
  const all: T[][] = []
  let cursor: string | undefined
  do {
    const page = query(cursor)
    all.push(page.items)
    cursor = page.next
  } while (cursor !== undefined)
  return all
}

describe('history pages', () => {
  it('go newest first, each starting where the last one ended, with nothing missed or repeated', () => {
    const { queries } = journal()
    const all = pages((cursor) => queries.orders({ limit: 7, cursor }))
    expect(all.map((p) => p.length)).toEqual([7, 7, 7, 7, 2])
    const ids = all.flat().map((o) => Number(o.orderId))
    expect(ids).toEqual([30, 29, ...Array.from({ length: 28 }, (_, i) => 28 - i)])
    // Orders 29 and 30 share a time: the one written later comes first, on every page size.
    expect(
      pages((cursor) => queries.orders({ limit: 1, cursor }))
        .flat()
        .map((o) => o.orderId),
    ).toEqual(ids.map(String))
  })

  it('filter by time range, instrument and strategy', () => {
    const { queries } = journal()
    const range = queries.trades({ from: T0 + 5000, to: T0 + 10_000 })
    expect(range.items.map((t) => t.tradeId)).toEqual(['T9', 'T8', 'T7', 'T6', 'T5'])
    expect(range.next).toBeUndefined()
    const rbGrid = queries.orders({ vtSymbol: 'rb2701.SHFE', strategy: 'grid' }).items.map((o) => o.orderId)
    expect(rbGrid).toEqual(['30', '24', '18', '12', '6'])
    const gridLogs = pages((cursor) => queries.logs({ strategy: 'grid', limit: 4, cursor })).flat()
    expect(gridLogs.map((l) => l.message)).toEqual([30, 27, 24, 21, 18, 15, 12, 9, 6, 3].map((n) => `line ${n}`))
    expect(gridLogs[0]).toEqual(log(30, { source: 'grid' }))
  })

  it('are read through indexes, not by scanning the tables', () => {
    const { db } = journal()
    const plans = [
      'SELECT data FROM orders WHERE datetime >= 0 AND (datetime, rowid) < (1, 1) ORDER BY datetime DESC, rowid DESC',
      "SELECT data FROM orders WHERE vt_symbol = 'x' ORDER BY datetime DESC, rowid DESC",
      "SELECT data FROM trades WHERE reference = 'grid' ORDER BY datetime DESC, rowid DESC",
      'SELECT message FROM logs WHERE time < 5 ORDER BY time DESC, rowid DESC',
      "SELECT message FROM logs WHERE source = 'grid' ORDER BY time DESC, rowid DESC",
    ].map((sql) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; '),
    )
    for (const plan of plans) {
      expect(plan).toMatch(/USING (COVERING )?INDEX/)
      expect(plan).not.toMatch(/TEMP B-TREE/)
    }
  })
})

describe('history commands', () => {
  it('are validated like every command and answered from the journal', async () => {
    const desk = createTradingDesk({ connectSim: false })
    desk.core.writeLog('first')
    desk.core.writeLog('second')
    await desk.engine.idle()
    const session = desk.bridge.open(() => {})
    const reply = await desk.bridge.handle(session, 'logs:query', { strategy: 'trader', limit: 1 })
    expect(reply).toMatchObject({ ok: true, value: { items: [{ message: 'second' }], next: expect.any(String) } })
    const next = (reply as { value: HistoryPage<unknown> }).value.next
    expect(await desk.bridge.handle(session, 'logs:query', { strategy: 'trader', cursor: next })).toMatchObject({
      ok: true,
      value: { items: [{ message: 'first' }] },
    })
    expect(await desk.bridge.handle(session, 'orders:query', { cursor: 'SIM.1' })).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'cursor is not a cursor a page gave', field: 'cursor' },
    })
    expect(await desk.bridge.handle(session, 'trades:query', { limit: 5000 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', field: 'limit' },
    })
    expect(await desk.bridge.handle(session, 'logs:query', { vtSymbol: 'rb2701.SHFE' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', field: 'vtSymbol' },
    })
    await desk.close()
    const bare = new Bridge({ core: desk.core, hostSessionId: 'bare' })
    expect(
      await bare.handle(
        bare.open(() => {}),
        'orders:query',
        {},
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION' },
    })
  })
})

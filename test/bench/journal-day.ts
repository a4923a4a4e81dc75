/**
 * Writes a day of history into a journal, for the history benchmark (a
 * process of its own, so the desk measured afterwards starts clean):
 *
 *   node --import tsx test/bench/journal-day.ts DIR N
 *
 * N finished orders, N trades and N logs, all of today, in batches.
 */
import { join } from 'node:path'
import { JOURNAL_FILE, JournalWriter, openDatabase } from '../../src/main/journal'
import { benchOrder, benchTrade } from './journal-sync'

const BATCH = 20_000

/** Writes `n` finished orders, `n` trades and `n` logs of today into a journal in `dir`. */
function writeDay(dir: string, n: number): void {
  const db = openDatabase(join(dir, JOURNAL_FILE))
  const now = Date.now()
  const writer = new JournalWriter(db, () => now)
  for (let i = 0; i < n; i++) {
    const order = { ...benchOrder(i, 'ALLTRADED'), datetime: now - n + i }
    writer.stageOrder(order)
    writer.stageTrade({ ...benchTrade(i), datetime: order.datetime })
    writer.stageLog({
      time: order.datetime,
      level: 'INFO',
      source: 'bench',
      message: `order ${order.vtOrderId} filled`,
    })
    if (i % BATCH === BATCH - 1) writer.commit()
  }
  writer.commit()
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
}

const [dir, n] = process.argv.slice(2)
writeDay(dir, Number(n))

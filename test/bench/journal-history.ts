/**
 * What history costs a desk: a journal holding a day of N orders, N trades
 * and N logs (all today's), then a restart on it (open, restore, strategies)
 * and a new window's first snapshot, serialised as the WebSocket host sends
 * it. The caches hold the most recent 10,000 of each, so the snapshot should
 * not grow with N.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { takeSnapshot } from '../../src/main/bridge'
import { createTradingDesk, type TradingDeskOptions } from '../../src/main/hosts/trading-desk'
import { JOURNAL_FILE, JournalWriter, openDatabase } from '../../src/main/journal'
import { PROTOCOL_VERSION } from '../../src/shared/protocol'
import { benchOrder, benchTrade } from './journal-sync'
import { breathe } from './suite'

export interface HistoryRun {
  orders: number
  /** Writing the day into the journal, seconds (context: what the bench spent preparing). */
  buildSeconds: number
  fileMb: number
  /** createTradingDesk on the folder: open, restore, strategies loaded. */
  restartMs: number
  /** Taking a window's first snapshot and serialising it. */
  snapshotMs: number
  snapshotMb: number
  ordersInSnapshot: number
}

const BATCH = 20_000

/** A journal in a fresh folder with `n` finished orders, `n` trades and `n` logs of today. */
export function buildDay(n: number): { dir: string; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-bench-'))
  const start = performance.now()
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
  return { dir, seconds: (performance.now() - start) / 1000 }
}

export async function historyRun(n: number, trader: TradingDeskOptions['trader'] = {}): Promise<HistoryRun> {
  const { dir, seconds } = buildDay(n)
  const { size } = statSync(join(dir, JOURNAL_FILE))
  await breathe()
  const t0 = performance.now()
  const desk = createTradingDesk({ dataDir: dir, connectSim: false, trader })
  const restartMs = performance.now() - t0
  await desk.engine.idle()
  const t1 = performance.now()
  const snapshot = takeSnapshot(desk.core, desk.strategies, {
    protocolVersion: PROTOCOL_VERSION,
    hostSessionId: desk.hostSessionId,
  })
  const wire = JSON.stringify({ batch: { seq: 1, snapshot, items: {} } })
  const snapshotMs = performance.now() - t1
  await desk.close()
  rmSync(dir, { recursive: true, force: true })
  return {
    orders: n,
    buildSeconds: seconds,
    fileMb: size / 1e6,
    restartMs,
    snapshotMs,
    snapshotMb: wire.length / 1e6,
    ordersInSnapshot: snapshot.orders.length,
  }
}

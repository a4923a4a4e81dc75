/**
 * What history costs a desk: a journal holding a day of N orders, N trades
 * and N logs (all today's), written by a process of its own, then a restart
 * on it here (open, restore, strategies) and new windows' first snapshots,
 * serialised as the WebSocket host sends them. The caches hold the most
 * recent 10,000 of each, so a snapshot should not grow with N.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { takeSnapshot } from '../../src/main/bridge'
import { createTradingDesk, type TradingDeskOptions } from '../../src/main/hosts/trading-desk'
import { JOURNAL_FILE } from '../../src/main/journal'
import { PROTOCOL_VERSION } from '../../src/shared/protocol'
import { breathe, median } from './suite'

export interface HistoryRun {
  orders: number
  /** Writing the day into the journal, seconds: what the bench spent preparing. */
  buildSeconds: number
  fileMb: number
  /** createTradingDesk on the folder: open, restore, strategies loaded. */
  restartMs: number
  /** Taking a window's first snapshot and serialising it: the median of WINDOWS windows. */
  snapshotMs: number
  /** The slowest of them. */
  snapshotMaxMs: number
  snapshotMb: number
  ordersInSnapshot: number
}

const WINDOWS = 5
const DAY_WRITER = join(import.meta.dirname, 'journal-day.ts')

/**
 * A journal with a day of `n` in a fresh folder, written by a child process,
 * so the desk measured here starts as after a restart, without the writer's
 * garbage in its heap.
 */
function buildDay(n: number): { dir: string; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-bench-'))
  const start = performance.now()
  const child = spawnSync(process.execPath, ['--import', 'tsx', DAY_WRITER, dir, String(n)], {
    stdio: 'inherit',
  })
  if (child.status !== 0) throw new Error(`writing a day of ${n} failed with status ${child.status}`)
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
  const times: number[] = []
  let snapshot: ReturnType<typeof takeSnapshot> | undefined
  let wire = ''
  for (let w = 0; w < WINDOWS; w++) {
    const t1 = performance.now()
    snapshot = takeSnapshot(desk.core, desk.strategies, {
      protocolVersion: PROTOCOL_VERSION,
      hostSessionId: desk.hostSessionId,
    })
    wire = JSON.stringify({ batch: { seq: 1, snapshot, items: {} } })
    times.push(performance.now() - t1)
    await breathe()
  }
  await desk.close()
  rmSync(dir, { recursive: true, force: true })
  return {
    orders: n,
    buildSeconds: seconds,
    fileMb: size / 1e6,
    restartMs,
    snapshotMs: median(times),
    snapshotMaxMs: Math.max(...times),
    snapshotMb: wire.length / 1e6,
    ordersInSnapshot: snapshot!.orders.length,
  }
}

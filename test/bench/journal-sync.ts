/**
 * `synchronous=NORMAL` against `FULL` in WAL mode: the same stream of
 * slice-sized batches (order updates, a trade, logs) through a journal on
 * the real engine, each mode in turn, interleaved over rounds. Reports rows
 * committed per second and the time one slice takes, commit included.
 */
import { rmSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventEngine } from '../../src/main/engine'
import { Journal, JOURNAL_FILE, type SynchronousMode } from '../../src/main/journal'
import { EVENT_LOG, EVENT_ORDER, EVENT_TRADE } from '../../src/shared/events'
import type { Order, Trade } from '../../src/shared/objects'
import { order, trade } from '../journal/helpers'
import { breathe, percentile } from './suite'

export interface SyncRun {
  rowsPerSecond: number
  sliceP50: number
  sliceP99: number
}

/** One order's worth of events per slice: 4 updates of it, a trade, 20 log lines (as at 1,000 orders/s and 5,000 logs/s). */
const UPDATES = 4
const LOGS = 20

/** An order or trade as the journal tests build them, stamped now. */
export const benchOrder = (n: number, status: Order['status']): Order => order(n, status, { datetime: Date.now() })
export const benchTrade = (n: number): Trade => trade(n, { datetime: Date.now() })

/** Commits `slices` slices, one await of the engine per slice, and times each drain. */
export async function syncRun(mode: SynchronousMode, slices: number): Promise<SyncRun> {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-bench-'))
  const engine = new EventEngine({ interval: 0 })
  const journal = new Journal({ path: join(dir, JOURNAL_FILE), engine, synchronous: mode })
  const times: number[] = []
  engine.start()
  const statuses: Order['status'][] = ['SUBMITTING', 'NOTTRADED', 'PARTTRADED', 'ALLTRADED']
  const start = performance.now()
  for (let n = 0; n < slices; n++) {
    for (let u = 0; u < UPDATES; u++) engine.put({ type: EVENT_ORDER, data: benchOrder(n, statuses[u]) })
    engine.put({ type: EVENT_TRADE, data: benchTrade(n) })
    for (let l = 0; l < LOGS; l++)
      engine.put({
        type: EVENT_LOG,
        data: { time: Date.now(), level: 'INFO', source: 'bench', message: `order SIM.${n} line ${l} filled` },
      })
    const t = performance.now()
    await engine.idle()
    times.push(performance.now() - t)
  }
  const elapsed = (performance.now() - start) / 1000
  await engine.stop()
  await journal.close()
  rmSync(dir, { recursive: true, force: true })
  await breathe()
  // Rows: each update (latest state and history), the trade, the logs.
  const rows = slices * (UPDATES + 1 + 1 + LOGS)
  return {
    rowsPerSecond: rows / elapsed,
    sliceP50: percentile(times, 50),
    sliceP99: percentile(times, 99),
  }
}

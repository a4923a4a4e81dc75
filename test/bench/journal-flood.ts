/**
 * The journal under load: a 200,000 ticks/s flood with 1,000 orders/s (each
 * submitted, acknowledged and filled, with its trade) and 5,000 logs/s, put
 * as a gateway puts them (generic and keyed types) into the real engine and
 * trading core, with the journal on or off. Reports the rows committed per
 * second and the engine's slices.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventEngine, nodeScheduler, type Scheduler } from '../../src/main/engine'
import { putKeyed } from '../../src/main/gateway/put-keyed'
import { Journal, JOURNAL_FILE } from '../../src/main/journal'
import { MainEngine } from '../../src/main/trader'
import { EVENT_LOG, EVENT_ORDER, EVENT_TICK, EVENT_TRADE } from '../../src/shared/events'
import type { Order, Tick } from '../../src/shared/objects'
import { benchOrder, benchTrade } from './journal-sync'
import { breathe, percentile } from './suite'

export const FLOOD = { ticksPerSecond: 200_000, ordersPerSecond: 1000, logsPerSecond: 5000 }
const SYMBOLS = 200
const UPDATES: Order['status'][] = ['SUBMITTING', 'NOTTRADED', 'ALLTRADED']

export interface FloodRun {
  /** Rows committed per second of the run (0 with the journal off). */
  rowsPerSecond: number
  /** Rows offered per second: an order's latest state and each update of it, trades, logs. */
  offeredRowsPerSecond: number
  longestSliceMs: number
  p99SliceMs: number
  /** Ticks dispatched per second: whether the engine kept up with the flood. */
  ticksPerSecond: number
}

function ticks(): { tick: Tick; keyed: string }[] {
  return Array.from({ length: SYMBOLS }, (_, i) => {
    const tick = { gatewayName: 'SIM', vtSymbol: `S${i}.SHFE`, lastPrice: 1000 + i } as Tick
    return { tick, keyed: EVENT_TICK + tick.vtSymbol }
  })
}

export async function floodRun(journalOn: boolean, seconds: number): Promise<FloodRun> {
  const slices: number[] = []
  const scheduler: Scheduler = {
    ...nodeScheduler,
    yieldThen: (fn) =>
      void setImmediate(() => {
        const start = performance.now()
        fn()
        slices.push(performance.now() - start)
      }),
  }
  const engine = new EventEngine({ interval: 0, scheduler })
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-bench-'))
  const journal = journalOn ? new Journal({ path: join(dir, JOURNAL_FILE), engine }) : undefined
  const core = new MainEngine({ engine, scheduler, history: journal })
  const pool = ticks()
  let tickCount = 0
  engine.register(EVENT_TICK, () => tickCount++)
  const put = { ticks: 0, orders: 0, logs: 0 }
  const start = performance.now()
  const end = start + seconds * 1000
  await new Promise<void>((resolve) => {
    const produce = (): void => {
      const now = Math.min(performance.now(), end)
      const elapsed = (now - start) / 1000
      for (; put.ticks < elapsed * FLOOD.ticksPerSecond; put.ticks++) {
        const { tick, keyed } = pool[put.ticks % SYMBOLS]
        engine.put({ type: EVENT_TICK, data: tick })
        engine.put({ type: keyed, data: tick })
      }
      for (; put.orders < elapsed * FLOOD.ordersPerSecond; put.orders++) {
        for (const status of UPDATES) {
          const order = benchOrder(put.orders, status)
          putKeyed(engine, EVENT_ORDER, order.vtOrderId, order)
        }
        const trade = benchTrade(put.orders)
        putKeyed(engine, EVENT_TRADE, trade.vtSymbol, trade)
      }
      for (; put.logs < elapsed * FLOOD.logsPerSecond; put.logs++)
        engine.put({
          type: EVENT_LOG,
          data: { time: Date.now(), level: 'INFO', source: 'bench', message: `flood log line ${put.logs}` },
        })
      if (now >= end) resolve()
      else setTimeout(produce, 1)
    }
    produce()
  })
  await engine.idle()
  const elapsed = (performance.now() - start) / 1000
  let rows = 0
  if (journal !== undefined) {
    for (const table of ['orders', 'order_updates', 'trades', 'logs'])
      rows += (journal.connection.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  }
  await core.close()
  await journal?.close()
  rmSync(dir, { recursive: true, force: true })
  await breathe()
  // Per order: its latest state, each update in its history, its trade.
  const perSecond = FLOOD.ordersPerSecond * (1 + UPDATES.length + 1) + FLOOD.logsPerSecond
  return {
    rowsPerSecond: rows / elapsed,
    offeredRowsPerSecond: perSecond,
    longestSliceMs: Math.max(...slices),
    p99SliceMs: percentile(slices, 99),
    ticksPerSecond: tickCount / elapsed,
  }
}

/** The journal: what committing costs, and what it buys at start and on a window's first snapshot. */
import { FLOOD, floodRun, type FloodRun } from './journal-flood'
import { historyRun } from './journal-history'
import { syncRun, type SyncRun } from './journal-sync'
import { median, row, type BenchOptions, type BenchRow, type BenchSuite } from './suite'

async function syncRows(opts: BenchOptions): Promise<BenchRow[]> {
  const rounds = opts.quick ? 2 : 4
  const slices = opts.quick ? 500 : 2000
  const runs: Record<'NORMAL' | 'FULL', SyncRun[]> = { NORMAL: [], FULL: [] }
  for (let r = 0; r < rounds; r++)
    for (const mode of ['NORMAL', 'FULL'] as const) runs[mode].push(await syncRun(mode, slices))
  return (['NORMAL', 'FULL'] as const).flatMap((mode) => {
    const m = (pick: (run: SyncRun) => number): number => median(runs[mode].map(pick))
    const stream = `${slices} slices of 4 order updates, a trade and 20 logs; median of ${rounds} interleaved runs`
    return [
      row(
        `synchronous=${mode}: rows committed`,
        m((r) => r.rowsPerSecond),
        'rows/s',
        '',
        undefined,
        `WAL; ${stream}`,
      ),
      row(
        `synchronous=${mode}: slice, median`,
        m((r) => r.sliceP50),
        'ms',
        '',
        undefined,
        'commit included',
      ),
      row(
        `synchronous=${mode}: slice, p99`,
        m((r) => r.sliceP99),
        'ms',
        '',
        undefined,
        'commit included',
      ),
    ]
  })
}

async function floodRows(opts: BenchOptions): Promise<BenchRow[]> {
  const rounds = opts.quick ? 1 : 2
  const seconds = opts.quick ? 2 : 5
  const runs: { on: FloodRun[]; off: FloodRun[] } = { on: [], off: [] }
  for (let r = 0; r < rounds; r++) {
    runs.off.push(await floodRun(false, seconds))
    runs.on.push(await floodRun(true, seconds))
  }
  const on = (pick: (run: FloodRun) => number): number => median(runs.on.map(pick))
  const off = (pick: (run: FloodRun) => number): number => median(runs.off.map(pick))
  const flood =
    `${FLOOD.ticksPerSecond / 1000}k ticks/s, ${FLOOD.ordersPerSecond} orders/s, ${FLOOD.logsPerSecond} logs/s ` +
    `for ${seconds} s; median of ${rounds} interleaved runs`
  const offered = runs.on[0].offeredRowsPerSecond
  const committed = on((r) => r.rowsPerSecond)
  // Keeping up: within 2 % of what was offered (the last slice of the run is still being committed).
  const keepsUp = committed >= offered * 0.98
  return [
    row('flood: journal rows committed', committed, 'rows/s', `≥ ${offered}`, keepsUp, flood),
    row(
      'flood: ticks dispatched, journal on',
      on((r) => r.ticksPerSecond),
      'ticks/s',
      '',
      undefined,
      'keeps up',
    ),
    row(
      'flood: longest slice, journal off',
      off((r) => r.longestSliceMs),
      'ms',
      '',
      undefined,
      'same run',
    ),
    row(
      'flood: longest slice, journal on',
      on((r) => r.longestSliceMs),
      'ms',
      '',
      undefined,
      'commit included',
    ),
    row(
      'flood: slice p99, journal off',
      off((r) => r.p99SliceMs),
      'ms',
    ),
    row(
      'flood: slice p99, journal on',
      on((r) => r.p99SliceMs),
      'ms',
      '',
      undefined,
      'commit included',
    ),
  ]
}

async function historyRows(opts: BenchOptions): Promise<BenchRow[]> {
  const sizes = opts.quick ? [1000, 100_000] : [1000, 100_000, 1_000_000]
  const rows: BenchRow[] = []
  for (const n of sizes) {
    const run = await historyRun(n)
    const count = n.toLocaleString('en-US')
    const day =
      `a day of ${count} orders, trades and logs (${run.fileMb.toFixed(0)} MB, ` +
      `written in ${run.buildSeconds.toFixed(0)} s)`
    const snapshot =
      `${run.ordersInSnapshot} orders, ${run.snapshotMb.toFixed(1)} MB as JSON; ` +
      `median of 5 windows, slowest ${run.snapshotMaxMs.toFixed(0)} ms`
    rows.push(
      row(`restart, ${count} orders`, run.restartMs, 'ms', '', undefined, `${day}: open, restore, strategies`),
      row(`first snapshot, ${count} orders`, run.snapshotMs, 'ms', '< 200', run.snapshotMs < 200, snapshot),
    )
  }
  // What the bound saves: the same 100,000 with every order held in memory, as before the journal.
  const unbounded = await historyRun(100_000, { orderCapacity: 1e9, tradeCapacity: 1e9 })
  const all = `every order and trade in memory: ${unbounded.snapshotMb.toFixed(1)} MB as JSON`
  rows.push(
    row('restart, 100,000 orders, unbounded', unbounded.restartMs, 'ms', '', undefined, all),
    row('first snapshot, 100,000 orders, unbounded', unbounded.snapshotMs, 'ms', '', undefined, all),
  )
  return rows
}

export const journalSuite: BenchSuite = {
  name: 'journal',
  async run(opts) {
    return [...(await syncRows(opts)), ...(await floodRows(opts)), ...(await historyRows(opts))]
  },
}

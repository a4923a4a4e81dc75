/** The journal: what committing costs, and what it buys at start and on a window's first snapshot. */
import { syncRun, type SyncRun } from './journal-sync'
import { median, type BenchOptions, type BenchRow, type BenchSuite } from './suite'

function row(measure: string, value: number, unit: string, note = '', target = '', pass?: boolean): BenchRow {
  return { measure, value, unit, target, pass, note }
}

async function syncRows(opts: BenchOptions): Promise<BenchRow[]> {
  const rounds = opts.quick ? 2 : 4
  const slices = opts.quick ? 500 : 2000
  const runs: Record<'NORMAL' | 'FULL', SyncRun[]> = { NORMAL: [], FULL: [] }
  for (let r = 0; r < rounds; r++)
    for (const mode of ['NORMAL', 'FULL'] as const) runs[mode].push(await syncRun(mode, slices))
  return (['NORMAL', 'FULL'] as const).flatMap((mode) => {
    const m = (pick: (run: SyncRun) => number): number => median(runs[mode].map(pick))
    const note = `WAL, synchronous=${mode}; ${slices} slices of 4 order updates, a trade and 20 logs; median of ${rounds} interleaved runs`
    return [
      row(
        `synchronous=${mode}: rows committed`,
        m((r) => r.rowsPerSecond),
        'rows/s',
        note,
      ),
      row(
        `synchronous=${mode}: slice, median`,
        m((r) => r.sliceP50),
        'ms',
        'commit included',
      ),
      row(
        `synchronous=${mode}: slice, p99`,
        m((r) => r.sliceP99),
        'ms',
        'commit included',
      ),
    ]
  })
}

export const journalSuite: BenchSuite = {
  name: 'journal',
  async run(opts) {
    return [...(await syncRows(opts))]
  },
}

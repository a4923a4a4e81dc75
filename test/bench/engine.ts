/** The event engine against engine.md's targets. */
import { floodSlices, urgentFromHandler, urgentFromIo, type FloodSlices } from './engine-latency'
import { timerUnderFlood } from './engine-timer'
import { CONTENDERS, SCENARIOS, measureThroughput, type Scenario } from './engine-throughput'
import { median, percentile, row, type BenchOptions, type BenchRow, type BenchSuite } from './suite'

const SLICE_MS = 4
const THROUGHPUT_TARGET: Record<Scenario, number> = {
  '1 handler': 50e6,
  '5 handlers': 25e6,
  '1 typed + 1 general': 45e6,
}

async function throughputRows(opts: BenchOptions): Promise<BenchRow[]> {
  const rounds = opts.quick ? 3 : 7
  const rates = await measureThroughput(rounds, opts.quick ? 500_000 : 2_000_000)
  const rows: BenchRow[] = []
  for (const scenario of SCENARIOS) {
    for (const contender of CONTENDERS) {
      const rate = rates.get(`${contender}/${scenario}`) ?? { cpu: NaN, wall: NaN }
      const target = contender === 'EventEngine' ? THROUGHPUT_TARGET[scenario] : undefined
      rows.push(
        row(
          `put+dispatch, ${scenario}: ${contender}`,
          rate.cpu,
          'events/s',
          target === undefined ? '' : `≥ ${target / 1e6}M`,
          target === undefined ? undefined : rate.cpu >= target,
          `per CPU-second, median of ${rounds} interleaved rounds; wall clock ${(rate.wall / 1e6).toFixed(1)}M/s`,
        ),
      )
    }
    const engine = rates.get(`EventEngine/${scenario}`)
    const emitter = rates.get(`node:events/${scenario}`)
    const ratio = (engine?.cpu ?? NaN) / (emitter?.cpu ?? NaN)
    rows.push(
      row(
        `put+dispatch, ${scenario}: EventEngine / node:events`,
        ratio,
        '×',
        scenario === '1 handler' ? '≥ 0.5' : '',
        scenario === '1 handler' ? ratio >= 0.5 : undefined,
        `wall clock ${((engine?.wall ?? NaN) / (emitter?.wall ?? NaN)).toFixed(2)}×; ` +
          'the engine queues and allocates an event per put; emit calls straight through',
      ),
    )
  }
  return rows
}

async function latencyRows(opts: BenchOptions): Promise<BenchRow[]> {
  const backlog = 1_000_000
  const inside = []
  for (let k = 0; k < (opts.quick ? 3 : 5); k++) inside.push(await urgentFromHandler(backlog))
  const insideMs = median(inside.map((r) => r.latencyMs))
  const rows = [
    row(
      'urgent eLog behind 1M ticks, put from a handler',
      insideMs,
      'ms',
      '≤ 0.1',
      insideMs <= 0.1,
      `median of ${inside.length}; ticks queued at put ≥ ${Math.min(...inside.map((r) => r.backlog))}; ` +
        `ticks dispatched before it: ${Math.max(...inside.map((r) => r.ticksBetween))}`,
    ),
  ]
  for (const source of ['worker message', 'setTimeout'] as const) {
    const io = await urgentFromIo(backlog, opts.quick ? 20 : 40, source)
    const latencies = io.map((r) => r.latencyMs)
    const worst = Math.max(...latencies)
    rows.push(
      row(
        `urgent eLog behind 1M ticks, from I/O (${source}), worst`,
        worst,
        'ms',
        `≤ ${SLICE_MS + 0.5}`,
        worst <= SLICE_MS + 0.5,
        `${io.length} samples from arrival (${source === 'setTimeout' ? 'timer due' : 'posted'}); ` +
          `median ${median(latencies).toFixed(3)} ms; ticks queued at arrival ≥ ${Math.min(...io.map((r) => r.backlog))}; ` +
          `most ticks dispatched in between: ${Math.max(...io.map((r) => r.ticksBetween))}`,
      ),
    )
  }
  return rows
}

async function sliceRows(opts: BenchOptions): Promise<BenchRow[]> {
  const runs: [string, FloodSlices][] = [
    ['flood of 1M cheap ticks', await floodSlices(1_000_000, 0)],
    ['flood, 50 µs handler', await floodSlices(opts.quick ? 2_000 : 5_000, 50)],
    ['flood, cheap handler with a 0.3 ms tick every 100k', await floodSlices(1_000_000, 0, 100_000, 300)],
  ]
  return runs.map(([what, run]) => {
    const over = run.slices.filter((ms) => ms > SLICE_MS).length
    return row(
      `longest drain slice, ${what}`,
      run.longestMs,
      'ms',
      `≤ ${SLICE_MS}`,
      run.longestMs <= SLICE_MS,
      `${run.slices.length} slices, p99 ${percentile(run.slices, 99).toFixed(3)} ms, ${over} over ${SLICE_MS} ms ` +
        '(seen from outside: includes GC pauses and preemption inside a slice)',
    )
  })
}

async function timerRows(opts: BenchOptions): Promise<BenchRow[]> {
  const seconds = opts.quick ? 5 : 10
  const interval = 0.1
  const run = await timerUnderFlood(seconds, interval, 100_000)
  const worst = Math.max(...run.lateness)
  const note = `interval ${interval} s for ${seconds} s under a flood (${(run.ticksDispatched / seconds / 1e6).toFixed(1)}M ticks/s dispatched)`
  return [
    row(
      'timer events delivered / due',
      run.delivered / run.expected,
      '×',
      '1',
      run.delivered === run.expected,
      `${run.delivered} of ${run.expected}`,
    ),
    row(
      'timer worst lateness under flood',
      worst,
      'ms',
      `≤ ${SLICE_MS + 0.5}`,
      worst <= SLICE_MS + 0.5,
      `${note}; median ${median(run.lateness).toFixed(3)} ms, p90 ${percentile(run.lateness, 90).toFixed(3)} ms ` +
        '(the worst are scavenges copying the young backlog)',
    ),
    row(
      'timer cumulative drift under flood',
      run.cumulativeDriftMs,
      'ms',
      '≤ 1',
      Math.abs(run.cumulativeDriftMs) <= 1,
      'median lateness of the last quarter minus the first',
    ),
  ]
}

export const engineSuite: BenchSuite = {
  name: 'engine',
  async run(opts) {
    return [
      ...(await throughputRows(opts)),
      ...(await latencyRows(opts)),
      ...(await sliceRows(opts)),
      ...(await timerRows(opts)),
    ]
  },
}

/**
 * What running strategies in worker threads costs (issue 13), measured on the
 * real strategy engine with a stand-in trading core:
 *
 * - tick-to-strategy latency, put → the strategy's onTick, through a worker
 *   beside in-thread delivery (a handler calling onTick in the engine's
 *   thread, as strategies ran before) in the same run, for 1, 5 and 20
 *   strategies each on its own instrument at 1,000 ticks/s;
 * - memory per worker (the process's RSS, before and after);
 * - the engine's longest slice while one strategy spins in its worker.
 *
 * Times cross threads as `performance.timeOrigin + performance.now()`.
 * Workers load the TypeScript source through tsx here; the built app's are
 * plain JavaScript (see the memory note).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { MessageChannel, Worker } from 'node:worker_threads'
import { EVENT_TICK, EventEngine } from '../../src/main/engine'
import { StrategyEngine, type StrategyTradingCore } from '../../src/main/strategy'
import type { Contract } from '../../src/shared/objects'
import { tickTemplate } from './bridge-rig'
import { breathe, median, percentile, row, type BenchOptions, type BenchRow, type BenchSuite } from './suite'

/** Records each tick's latency past the first `skip` (the warm-up); reports the count and percentiles when stopped. Spins with `spin`. */
const PROBE = `module.exports = ({ CtaTemplate }) => class LatencyProbe extends CtaTemplate {
  static className = 'LatencyProbe'
  static description = 'benchmark probe'
  static parameters = [{ name: 'skip', type: 'integer', default: 0 }, { name: 'spin', type: 'boolean', default: false }]
  static variables = ['count', 'p50', 'p99']
  vars = { count: 0, p50: 0, p99: 0 }
  samples = []
  seen = 0
  onTick(tick) {
    const now = performance.timeOrigin + performance.now()
    if (this.params.spin) while (true) {}
    if (++this.seen > this.params.skip) this.samples.push(now - tick.datetime)
  }
  onStop() {
    const sorted = this.samples.sort((a, b) => a - b)
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN
    this.vars = { count: this.seen, p50: at(0.5), p99: at(0.99) }
  }
}`

const RATE_PER_MS = 1
/** Ticks each strategy takes before latencies count: half a second at 1,000 a second. */
const WARM_UP_TICKS = 500
const epochNow = (): number => performance.timeOrigin + performance.now()
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

/** The i-th instrument, as the bridge benchmark's ticks name it. */
function symbolOf(i: number): string {
  return tickTemplate(i).vtSymbol
}

function contractOf(vtSymbol: string): Contract {
  const [symbol] = vtSymbol.split('.')
  return {
    gatewayName: 'SIM',
    symbol,
    exchange: 'SHFE',
    vtSymbol,
    name: symbol,
    product: 'FUTURES',
    size: 1,
    pricetick: 1,
    minVolume: 1,
    marginRate: 0.1,
    commissionRate: 0,
  }
}

/** An engine and a strategy engine whose trading core is a stand-in: contracts for any symbol, no orders, no history. */
function rig(busyLimit = 2): { engine: EventEngine; strategies: StrategyEngine } {
  const engine = new EventEngine()
  const core: StrategyTradingCore = {
    engine,
    sendOrder: () => '',
    cancelOrder: () => {},
    subscribe: () => {},
    getContract: contractOf,
    getOrder: () => undefined,
    queryHistory: async () => [],
    writeLog: () => {},
    now: () => Date.now(),
  }
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-bench-strategy-'))
  writeFileSync(join(dir, 'probe.js'), PROBE)
  const strategies = new StrategyEngine(core, { strategyDirs: [dir], limits: () => ({ busyLimit, initTimeout: 60 }) })
  engine.start()
  return { engine, strategies }
}

/** Puts 1,000 ticks a second on each of the first `count` instruments, paced by a 1 ms timer that catches up. */
function feed(engine: EventEngine, count: number): () => number {
  const templates = Array.from({ length: count }, (_, i) => tickTemplate(i))
  const start = performance.now()
  let put = 0
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - start) * RATE_PER_MS)
    for (; put < due; put++)
      for (const template of templates)
        engine.put({ type: `${EVENT_TICK}${template.vtSymbol}`, data: { ...template, datetime: epochNow() } })
  }, 1)
  return () => {
    clearInterval(timer)
    return put * count
  }
}

interface Latency {
  p50: number
  p99: number
  count: number
}

/** `n` probes in workers and `n` in-thread handlers on the same ticks; returns both sides' percentiles. */
async function latency(n: number, seconds: number): Promise<{ worker: Latency; inThread: Latency; put: number }> {
  const { engine, strategies } = rig()
  await strategies.load()
  const symbols = Array.from({ length: n }, (_, i) => symbolOf(i))
  const inThread: number[] = []
  let inThreadSeen = 0
  for (const vtSymbol of symbols) {
    let seen = 0
    await strategies.add('LatencyProbe', `probe${symbols.indexOf(vtSymbol)}`, vtSymbol, { skip: WARM_UP_TICKS })
    engine.register(`${EVENT_TICK}${vtSymbol}`, (event) => {
      const now = epochNow()
      inThreadSeen++
      if (event.data && ++seen > WARM_UP_TICKS) inThread.push(now - event.data.datetime)
    })
  }
  await strategies.initAll()
  await strategies.startAll()
  const stop = feed(engine, n)
  await sleep(500 + seconds * 1000)
  const put = stop()
  await strategies.settled()
  const states = await strategies.stopAll()
  await strategies.close()
  await engine.stop()
  const samples = states.map((s) => s.variables)
  return {
    worker: {
      p50: median(samples.map((v) => Number(v.p50))),
      p99: Math.max(...samples.map((v) => Number(v.p99))),
      count: samples.reduce((sum, v) => sum + Number(v.count), 0),
    },
    inThread: { p50: percentile(inThread, 50), p99: percentile(inThread, 99), count: inThreadSeen },
    put,
  }
}

async function latencyRows(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  for (const n of [1, 5, 20]) {
    const { worker, inThread, put } = await latency(n, opts.quick ? 1 : 3)
    const note = `${n} × 1,000 ticks/s; of ${put} put, ${worker.count} reached the workers, ${inThread.count} the handlers (p99: the worst strategy's)`
    rows.push(
      row(`tick → strategy p50, worker (${n})`, worker.p50 * 1000, 'µs', '', undefined, note),
      row(`tick → strategy p50, in-thread (${n})`, inThread.p50 * 1000, 'µs'),
      row(`tick → strategy p99, worker (${n})`, worker.p99 * 1000, 'µs'),
      row(`tick → strategy p99, in-thread (${n})`, inThread.p99 * 1000, 'µs'),
      row(`worker / in-thread p50 (${n})`, worker.p50 / inThread.p50, '×'),
    )
    await breathe()
  }
  return rows
}

/** The process's RSS growth per inited strategy, 20 of them; and per idle built worker when out/ has one. */
async function memoryRows(): Promise<BenchRow[]> {
  const { engine, strategies } = rig()
  await strategies.load()
  const before = process.memoryUsage().rss
  const n = 20
  for (let i = 0; i < n; i++) await strategies.add('LatencyProbe', `m${i}`, symbolOf(i), {})
  await strategies.initAll()
  await sleep(500)
  const perWorker = (process.memoryUsage().rss - before) / n / 2 ** 20
  await strategies.close()
  await engine.stop()
  const rows = [row('memory per strategy worker (tsx)', perWorker, 'MB', '', undefined, `RSS growth / ${n} inited`)]
  const built = resolve(import.meta.dirname, '../../out/main/strategy-worker.js')
  if (existsSync(built))
    rows.push(
      row(
        'memory per strategy worker (built)',
        await builtWorkerMemory(built, n),
        'MB',
        '',
        undefined,
        `RSS growth / ${n} idle`,
      ),
    )
  return rows
}

/** RSS growth per idle worker of the built app: each loads the bundle and waits (a catalogue of no files). */
async function builtWorkerMemory(file: string, n: number): Promise<number> {
  await sleep(200)
  const before = process.memoryUsage().rss
  const workers = Array.from({ length: n }, () => {
    const { port1, port2 } = new MessageChannel()
    const running = new SharedArrayBuffer(4)
    const worker = new Worker(file, {
      workerData: { mode: 'catalogue', files: [], taken: [], heartbeat: port2, running },
      transferList: [port2],
    })
    port1.unref()
    return new Promise<Worker>((ready) =>
      worker.on('message', (m: { type?: string }) => m.type === 'catalogue' && ready(worker)),
    )
  })
  const started = await Promise.all(workers)
  await sleep(300)
  const grown = (process.memoryUsage().rss - before) / n / 2 ** 20
  await Promise.all(started.map((worker) => worker.terminate()))
  return grown
}

/** The engine's longest slice over a second of ticks, with one strategy spinning in its worker, and with none. */
async function spinRows(opts: BenchOptions): Promise<BenchRow[]> {
  const seconds = opts.quick ? 1 : 3
  const slice = async (spin: boolean): Promise<number> => {
    // The spinner is ended a second after the measurement, so closing does not wait long for it.
    const { engine, strategies } = rig(seconds + 1)
    await strategies.load()
    await strategies.add('LatencyProbe', 'probe', symbolOf(0), { spin })
    await strategies.init('probe')
    await strategies.start('probe')
    const stop = feed(engine, 2)
    await sleep(seconds * 1000)
    stop()
    const longest = engine.metrics().longestSliceMs
    await strategies.close()
    await engine.stop()
    return longest
  }
  const spinning = await slice(true)
  const quiet = await slice(false)
  return [
    row('longest engine slice, a strategy spinning', spinning, 'ms', '', undefined, `${seconds} s of 2,000 ticks/s`),
    row('longest engine slice, no strategy spinning', quiet, 'ms'),
  ]
}

export const strategySuite: BenchSuite = {
  name: 'strategy',
  async run(opts) {
    return [...(await latencyRows(opts)), ...(await memoryRows()), ...(await spinRows(opts))]
  },
}

/**
 * How long an urgent event waits behind a tick backlog, and how long the
 * drain runs without yielding. Real clock, real event loop.
 */
import { Worker } from 'node:worker_threads'
import {
  EVENT_LOG,
  EVENT_TICK,
  EventEngine,
  nodeScheduler,
  type EngineEvent,
  type Scheduler,
} from '../../src/main/engine'
import type { Log, Tick } from '../../src/shared/objects'

const TICK = { vtSymbol: 'IF2412.CFFEX', lastPrice: 3900 } as unknown as Tick

function log(message: string): Log {
  return { time: Date.now(), level: 'INFO', source: 'bench', message }
}

/** One event object for the whole backlog: a million allocations would measure the GC, not the lanes. */
const TICK_EVENT = { type: EVENT_TICK, data: TICK }

function fill(engine: EventEngine, ticks: number): void {
  for (let i = 0; i < ticks; i++) engine.put(TICK_EVENT)
}

export interface UrgentLatency {
  /** put (or arrival) → dispatch, ms. */
  latencyMs: number
  /** Ticks dispatched between the put and the urgent event's dispatch. */
  ticksBetween: number
  /** Ticks queued when it was put. */
  backlog: number
}

/** An eLog put by a tick handler, with `backlog` ticks still queued behind it. */
export async function urgentFromHandler(backlog: number): Promise<UrgentLatency> {
  const engine = new EventEngine({ interval: 0 })
  let ticks = 0
  let putAt = -1
  let ticksAtPut = 0
  const result: UrgentLatency = { latencyMs: NaN, ticksBetween: NaN, backlog: 0 }
  engine.register(EVENT_TICK, () => {
    ticks++
    if (ticks === 1) {
      ticksAtPut = ticks
      result.backlog = engine.queued()
      putAt = performance.now()
      engine.put({ type: EVENT_LOG, data: log('urgent') })
    }
  })
  engine.register(EVENT_LOG, () => {
    result.latencyMs = performance.now() - putAt
    result.ticksBetween = ticks - ticksAtPut
  })
  fill(engine, backlog)
  engine.start()
  await engine.stop()
  return result
}

const EVERY_MS = 1
/** A generous drain rate (ticks per ms) for sizing the backlog; a faster drain shows as a smaller "queued at arrival". */
const DRAIN_PER_MS = 40_000

/** Where the urgent events of `urgentFromIo` come from. */
export type IoSource = 'setTimeout' | 'worker message'

/**
 * eLogs put from I/O callbacks while at least `backlog` ticks are queued, one
 * every EVERY_MS. Latency counts from when the I/O arrived, not from when its callback
 * got to run, because a socket's data waits for the running slice too: for
 * `setTimeout`, from when the timer was due (so Node's millisecond timer
 * granularity is in it); for a worker thread's message, from when the worker
 * posted it.
 */
export async function urgentFromIo(backlog: number, samples: number, source: IoSource): Promise<UrgentLatency[]> {
  const engine = new EventEngine({ interval: 0 })
  let ticks = 0
  const pending = new Map<string, { arrived: number; ticks: number; backlog: number }>()
  const results: UrgentLatency[] = []
  engine.register(EVENT_TICK, () => {
    ticks++
  })
  engine.register(EVENT_LOG, (event: EngineEvent<Log>) => {
    const sent = pending.get(event.data?.message ?? '')
    if (sent === undefined) return
    results.push({ latencyMs: epochNow() - sent.arrived, ticksBetween: ticks - sent.ticks, backlog: sent.backlog })
  })
  const receive = (k: number, arrived: number): void => {
    pending.set(`io ${k}`, { arrived, ticks, backlog: engine.queued() })
    engine.put({ type: EVENT_LOG, data: log(`io ${k}`) })
  }
  // Enough ticks that `backlog` are still queued when the last sample arrives,
  // all put up front: a producer refilling during the run would hold the
  // loop too, and be measured instead of the engine.
  const ticksToQueue = backlog + samples * EVERY_MS * DRAIN_PER_MS
  if (source === 'setTimeout') {
    fill(engine, ticksToQueue)
    engine.start()
    for (let k = 0; k < samples; k++) {
      const delay = 1 + k * EVERY_MS
      const due = epochNow() + delay
      setTimeout(() => receive(k, due), delay)
    }
    await new Promise((resolve) => setTimeout(resolve, samples * EVERY_MS + 20))
  } else {
    // A thread takes tens of ms to boot: wait for it before queueing, then say go.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { samples, everyMs: EVERY_MS } })
    await new Promise((resolve) => worker.once('message', resolve))
    worker.on('message', (m: { k: number; sentAt: number }) => receive(m.k, m.sentAt))
    fill(engine, ticksToQueue)
    engine.start()
    worker.postMessage('go')
    await new Promise((resolve) => worker.once('exit', resolve))
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await engine.stop()
  return results
}

/** Absolute high-resolution time, comparable across threads. */
function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const pause = new Int32Array(new SharedArrayBuffer(4))
parentPort.postMessage('ready')
parentPort.once('message', () => {
for (let k = 0; k < workerData.samples; k++) {
  Atomics.wait(pause, 0, 0, workerData.everyMs)
  parentPort.postMessage({ k, sentAt: performance.timeOrigin + performance.now() })
}
parentPort.close()
})
`

function spin(us: number): void {
  const until = performance.now() + us / 1000
  while (performance.now() < until);
}

export interface FloodSlices {
  /** The engine's own metric. */
  longestMs: number
  /** Every slice, as seen from outside the engine, ms. */
  slices: number[]
}

/**
 * The drain slices while `ticks` ticks go through one handler that costs
 * `spinUs` µs, or `slowUs` for one tick in `slowEvery` (a handler whose cost
 * varies: the drain sizes its clock checks from the cost it has seen).
 */
export async function floodSlices(ticks: number, spinUs: number, slowEvery = 0, slowUs = 0): Promise<FloodSlices> {
  const slices: number[] = []
  const scheduler: Scheduler = {
    ...nodeScheduler,
    yieldThen: (fn) =>
      setImmediate(() => {
        const start = performance.now()
        fn()
        slices.push(performance.now() - start)
      }),
  }
  const engine = new EventEngine({ interval: 0, scheduler })
  let n = 0
  engine.register(EVENT_TICK, () => {
    n++
    if (slowEvery > 0 && n % slowEvery === 0) spin(slowUs)
    else if (spinUs > 0) spin(spinUs)
  })
  fill(engine, ticks)
  engine.start()
  await engine.stop()
  return { longestMs: engine.metrics().longestSliceMs, slices }
}

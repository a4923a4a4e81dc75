import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import { CALLBACKS, type CatalogueSetup, type Failure, type InstanceSetup, type ToWorker } from './protocol'

/** A worker's setup, less what the runner adds itself. */
export type RunnerSetup = Omit<InstanceSetup, 'heartbeat' | 'running'> | Omit<CatalogueSetup, 'heartbeat' | 'running'>

export interface WorkerListener {
  /** A message from the worker, not yet checked (strategy code can post too): the listener checks it. */
  onMessage(message: unknown): void
  /** The worker threw outside a callback, exited or ran over its limit. Called once; nothing is heard after. */
  onFailure(failure: Failure): void
}

/**
 * One worker thread and its watchdog: the engine's only handle on strategy
 * code (vnpy runs strategies in the engine's thread, where one bad loop stops
 * the desk).
 *
 * The watchdog sends a heartbeat on a port of its own, which the worker's
 * event loop answers between tasks; a worker that leaves one unanswered for
 * longer than the limit has run that long without a break (time spent
 * awaiting I/O, such as history for warm-up, leaves the loop free, so it does
 * not count), and is terminated. The worker notes in shared memory which
 * callback is running, so the failure can name it: "onTick ran over 2 s".
 */
export class WorkerRunner {
  private readonly worker: Worker
  private readonly heartbeat: MessagePort
  private readonly running: Int32Array
  private watchdog: ReturnType<typeof setInterval> | undefined
  /** When the unanswered heartbeat was sent (performance.now()); none while every beat is answered. */
  private beatSentAt: number | undefined
  private ended = false
  private nextPing = 1
  private readonly pings = new Map<number, () => void>()

  constructor(
    setup: RunnerSetup,
    /** The watchdog's limit in seconds, read at every check (a setting the user may change). */
    private readonly busyLimit: () => number,
    private readonly listener: WorkerListener,
  ) {
    const channel = new MessageChannel()
    const running = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)
    this.running = new Int32Array(running)
    this.heartbeat = channel.port1
    this.heartbeat.on('message', () => (this.beatSentAt = undefined))
    this.heartbeat.unref()
    const entry = workerEntry()
    this.worker = new Worker(entry.file, {
      workerData: { ...setup, heartbeat: channel.port2, running },
      transferList: [channel.port2],
      execArgv: entry.execArgv,
    })
    this.worker.on('message', (message: unknown) => this.receive(message))
    this.worker.on('error', (err) =>
      this.fail({ reason: `strategy code threw outside a callback: ${err.message}`, stack: err.stack }),
    )
    this.worker.on('exit', (code) => this.fail({ reason: `its worker exited (code ${code})` }))
  }

  /** The worker's thread id, as `process.threadId` shows it inside. */
  get threadId(): number {
    return this.worker.threadId
  }

  post(message: ToWorker): void {
    if (!this.ended) this.worker.postMessage(message)
  }

  /**
   * Resolves once the worker has handled every message posted to it before,
   * and the engine every message the worker posted back meanwhile (one port,
   * in order). Resolves at once for a worker that has ended.
   */
  ping(): Promise<void> {
    if (this.ended) return Promise.resolve()
    const id = this.nextPing++
    return new Promise((resolve) => {
      this.pings.set(id, resolve)
      this.worker.postMessage({ type: 'ping', id } satisfies ToWorker)
    })
  }

  /** Ends the worker, mid-callback if it must. Nothing more is heard from it. */
  async terminate(): Promise<void> {
    this.end()
    await this.worker.terminate()
  }

  private receive(message: unknown): void {
    if (this.ended || typeof message !== 'object' || message === null) return
    const { type, id } = message as { type?: unknown; id?: unknown }
    if (type === 'alive') this.arm()
    else if (type === 'pong' && typeof id === 'number') {
      this.pings.get(id)?.()
      this.pings.delete(id)
    } else this.listener.onMessage(message)
  }

  /** Starts the watchdog once the worker's own code has loaded (loading TypeScript under tsx can take a while). */
  private arm(): void {
    if (this.watchdog !== undefined) return
    const period = Math.max(5, (this.busyLimit() * 1000) / 8)
    this.watchdog = setInterval(() => this.check(), period)
    this.watchdog.unref()
  }

  private check(): void {
    const now = performance.now()
    if (this.beatSentAt === undefined) {
      this.beatSentAt = now
      this.heartbeat.postMessage(0)
    } else if (now - this.beatSentAt > this.busyLimit() * 1000) {
      const code = Atomics.load(this.running, 0)
      const what = code === 0 ? 'strategy code' : CALLBACKS[code - 1] === 'load' ? 'loading it' : CALLBACKS[code - 1]
      this.fail({ reason: `${what} ran over ${this.busyLimit()} s` })
    }
  }

  private fail(failure: Failure): void {
    if (this.ended) return
    this.end()
    void this.worker.terminate()
    this.listener.onFailure(failure)
  }

  private end(): void {
    this.ended = true
    clearInterval(this.watchdog)
    this.heartbeat.close()
    for (const resolve of this.pings.values()) resolve()
    this.pings.clear()
  }
}

/**
 * Where the worker's code is. Under tsx and vitest this module is TypeScript
 * source, and so is the worker, loaded through tsx; in the built app
 * electron-vite has made it out/main/strategy-worker.js (an entry of its own,
 * see electron.vite.config.ts), beside index.js and server.js, while this
 * module may sit in a shared chunk one folder down.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href
    return { file: join(__dirname, 'strategy-worker.ts'), execArgv: ['--import', tsx] }
  }
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const file = join(dir, 'strategy-worker.js')
    if (existsSync(file)) return { file, execArgv: [] }
  }
  throw new Error(`strategy-worker.js is missing beside ${__filename}: the build is incomplete`)
}

import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import { CALLBACKS, type ToWorker } from './protocol'
import { BaseRunner, type RunnerFactory, type RunnerSetup, type WorkerListener } from './runner'

/**
 * Strategy code in a worker thread: the desk's default runner (vnpy runs
 * strategies in the engine's thread, where one bad loop stops the desk).
 * Heartbeats go on a port of their own, so they never queue behind ticks;
 * the worker notes in shared memory which callback is running, so an overrun
 * can name it: "onTick ran over 2 s".
 */
export class WorkerRunner extends BaseRunner {
  private readonly worker: Worker
  private readonly heartbeat: MessagePort
  private readonly callback: Int32Array

  constructor(setup: RunnerSetup, busyLimit: () => number, listener: WorkerListener) {
    super(busyLimit, listener)
    const channel = new MessageChannel()
    const running = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)
    this.callback = new Int32Array(running)
    this.heartbeat = channel.port1
    this.heartbeat.on('message', () => this.answered())
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

  protected send(message: ToWorker): void {
    this.worker.postMessage(message)
  }

  protected beat(): void {
    this.heartbeat.postMessage(0)
  }

  protected async kill(): Promise<void> {
    this.heartbeat.close()
    await this.worker.terminate()
  }

  protected running(): string {
    const code = Atomics.load(this.callback, 0)
    if (code === 0) return 'strategy code'
    return CALLBACKS[code - 1] === 'load' ? 'loading it' : CALLBACKS[code - 1]
  }
}

/** The default: each strategy in a worker thread of its own. */
export const threadRunner: RunnerFactory = (setup, busyLimit, listener) => new WorkerRunner(setup, busyLimit, listener)

/**
 * Where the worker's code is. Under tsx and vitest this module is TypeScript
 * source, and so is the worker, loaded through tsx; in the built app
 * electron-vite has made it out/main/strategy-worker.js (an entry of its own,
 * see electron.vite.config.ts), beside index.js and server.js, while this
 * module may sit in a shared chunk one folder down.
 */
export function workerEntry(): { file: string; execArgv: string[] } {
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

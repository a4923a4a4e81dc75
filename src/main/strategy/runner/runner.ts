import type { CatalogueSetup, Failure, InstanceSetup, ToWorker } from './protocol'

/** A worker's setup as the engine gives it; the runner adds how it talks to the worker. */
export type RunnerSetup = Omit<InstanceSetup, 'heartbeat' | 'running'> | Omit<CatalogueSetup, 'heartbeat' | 'running'>

export interface WorkerListener {
  /** A message from the worker, not yet checked (strategy code can post too): the listener checks it. */
  onMessage(message: unknown): void
  /** The worker threw outside a callback, exited or ran over its limit. Called once; nothing is heard after. */
  onFailure(failure: Failure): void
}

/** The engine's handle on one place strategy code runs: a worker thread, or a child process. */
export interface Runner {
  post(message: ToWorker): void
  /**
   * Resolves once the worker has handled every message posted to it before,
   * and the engine every message the worker posted back meanwhile (one
   * channel, in order). Resolves at once for a worker that has ended.
   */
  ping(): Promise<void>
  /** Ends the worker, mid-callback if it must. Nothing more is heard from it. */
  terminate(): Promise<void>
}

/** Starts a runner: `busyLimit` is the watchdog's limit in seconds, read at every check. */
export type RunnerFactory = (setup: RunnerSetup, busyLimit: () => number, listener: WorkerListener) => Runner

/** Starts a runner with the engine's choice of runner and limit. */
export type StartRunner = (setup: RunnerSetup, listener: WorkerListener) => Runner

/**
 * What every runner does the same way: the watchdog, pings, and one failure.
 *
 * The watchdog sends a heartbeat, which the worker's event loop answers
 * between tasks; a worker that leaves one unanswered for longer than the
 * limit has run that long without a break (time spent awaiting I/O, such as
 * history for warm-up, leaves the loop free, so it does not count), and is
 * ended. It starts once the worker says it is alive: loading its own code
 * (TypeScript through tsx, in tests) does not count either.
 */
export abstract class BaseRunner implements Runner {
  private ended = false
  private watchdog: ReturnType<typeof setInterval> | undefined
  /** When the unanswered heartbeat was sent (performance.now()); none while every beat is answered. */
  private beatSentAt: number | undefined
  private nextPing = 1
  private readonly pings = new Map<number, () => void>()

  constructor(
    private readonly busyLimit: () => number,
    private readonly listener: WorkerListener,
  ) {}

  post(message: ToWorker): void {
    if (!this.ended) this.send(message)
  }

  ping(): Promise<void> {
    if (this.ended) return Promise.resolve()
    const id = this.nextPing++
    return new Promise((resolve) => {
      this.pings.set(id, resolve)
      this.send({ type: 'ping', id })
    })
  }

  async terminate(): Promise<void> {
    this.end()
    await this.kill()
  }

  /** Sends to the worker. */
  protected abstract send(message: ToWorker): void
  /** Sends a heartbeat, answered through `answered()`. */
  protected abstract beat(): void
  /** Ends the worker for good. */
  protected abstract kill(): Promise<void>
  /** What was running when the worker ran over: a callback's name, or "strategy code". */
  protected abstract running(): string

  protected answered(): void {
    this.beatSentAt = undefined
  }

  protected receive(message: unknown): void {
    if (this.ended || typeof message !== 'object' || message === null) return
    const { type, id } = message as { type?: unknown; id?: unknown }
    if (type === 'alive') this.arm()
    else if (type === 'pong' && typeof id === 'number') {
      this.pings.get(id)?.()
      this.pings.delete(id)
    } else this.listener.onMessage(message)
  }

  /** The worker is gone for a reason of its own: ended, and the listener told once. */
  protected fail(failure: Failure): void {
    if (this.ended) return
    this.end()
    void this.kill()
    this.listener.onFailure(failure)
  }

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
      this.beat()
    } else if (now - this.beatSentAt > this.busyLimit() * 1000) {
      this.fail({ reason: `${this.running()} ran over ${this.busyLimit()} s` })
    }
  }

  private end(): void {
    this.ended = true
    clearInterval(this.watchdog)
    for (const resolve of this.pings.values()) resolve()
    this.pings.clear()
  }
}

/**
 * The worker's side of one strategy instance: builds the strategy, runs its
 * callbacks as the engine's messages come, and posts what it asks for back.
 * Every callback runs guarded: a throw, or the rejection of the promise an
 * async callback returns, is reported as a crash naming the callback; a throw
 * anywhere else (a timer, a promise nobody awaits, the file's own code) ends
 * the worker, and the engine hears of it from the worker's `error` event.
 */
import type { Bar, Direction, LogLevel, Offset, Tick } from '../../../shared/objects'
import type { StrategyValue } from '../../../shared/strategy'
import { BUILTIN_STRATEGIES } from '../builtin'
import { loadStrategyFile } from '../loader'
import { CHECK_ONLY_CONTEXT, type CtaTemplate, type StrategyClass, type StrategyContext } from '../template'
import { pickValues } from '../variables'
import { CALLBACKS, type Callback, type FromWorker, type InstanceSetup, type ToWorker } from './protocol'

type InstanceRunSetup = Omit<InstanceSetup, 'heartbeat' | 'running'>

/** How a worker talks to the engine: its thread's parent port, or its process's IPC channel. */
export interface WorkerPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: ToWorker) => void): unknown
}

/** `running` is where the watchdog reads which callback runs (shared memory in a thread). */
export function runInstance(port: WorkerPort, setup: InstanceRunSetup, running: Int32Array): void {
  const post = (message: FromWorker): void => port.postMessage(message)
  let cls: StrategyClass
  let strategy: CtaTemplate
  try {
    cls = findClass(setup)
  } catch (err) {
    post({ type: 'refused', ...describe(err, 'its file failed to load') })
    return
  }
  const host = new InstanceHost(port, setup, cls, running)
  try {
    strategy = host.construct(setup.params)
  } catch (err) {
    post({ type: 'refused', ...describe(err, `${cls.className} refused these parameters`) })
    return
  }
  host.start(strategy)
}

function findClass(setup: InstanceRunSetup): StrategyClass {
  const classes = setup.file === undefined ? BUILTIN_STRATEGIES : loadStrategyFile(setup.file)
  const cls = classes.find((candidate) => candidate.className === setup.className)
  if (cls === undefined) throw new Error(`it defines no class named ${setup.className} any more`)
  return cls
}

class InstanceHost {
  private strategy: CtaTemplate | undefined
  /** Orders sent so far: the ids this strategy is given count them. */
  private sent = 0
  private nextRequest = 1
  private readonly barRequests = new Map<number, (bars: Bar[]) => void>()
  private crashed = false
  private readonly names: string[]

  constructor(
    private readonly port: WorkerPort,
    private readonly setup: InstanceRunSetup,
    private readonly cls: StrategyClass,
    private readonly running: Int32Array,
  ) {
    this.names = [...new Set([...cls.variables, ...(cls.persistent ?? [])])]
  }

  construct(params: Record<string, StrategyValue>, context: StrategyContext = this.context): CtaTemplate {
    return new this.cls(context, this.setup.strategyName, this.setup.vtSymbol, { ...params })
  }

  start(strategy: CtaTemplate): void {
    this.strategy = strategy
    strategy.pos = this.setup.pos
    const vars = strategy.vars as Record<string, StrategyValue>
    for (const [name, value] of Object.entries(this.setup.vars)) if (this.names.includes(name)) vars[name] = value
    this.port.on('message', (message: ToWorker) => this.receive(strategy, message))
    this.post({ type: 'ready', vars: this.vars() })
  }

  private receive(strategy: CtaTemplate, message: ToWorker): void {
    if (this.crashed) return
    if (typeof message === 'string') {
      const tick = JSON.parse(message) as Tick
      this.call('onTick', () => strategy.onTick(tick))
      return
    }
    switch (message.type) {
      case 'timer':
        this.call('onTimer', () => strategy.onTimer(message.now))
        return
      case 'order':
        this.call('onOrder', () => strategy.onOrder(message.order))
        return
      case 'trade':
        strategy.pos = message.pos
        this.call('onTrade', () => strategy.onTrade(message.trade))
        // Its persistent variables (a fill count, say) changed with the trade: saved now, as pos was.
        if (!this.crashed) this.post({ type: 'vars', vars: this.vars(), sync: true })
        return
      case 'bars':
        this.barRequests.get(message.id)?.(message.bars)
        this.barRequests.delete(message.id)
        return
      case 'step':
        return this.step(strategy, message)
      case 'edit':
        return this.edit(strategy, message)
      case 'ping':
        return this.post({ type: 'pong', id: message.id })
    }
  }

  private step(strategy: CtaTemplate, { id, step, pos }: Extract<ToWorker, { type: 'step' }>): void {
    const done = (): void => {
      if (!this.crashed) this.post({ type: 'done', id, vars: this.vars() })
    }
    strategy.pos = pos
    if (step === 'init') {
      // onInit may await history: it is done when its promise settles, and the engine waits for that.
      const result = this.call('onInit', () => strategy.onInit())
      void Promise.resolve(result).then(() => {
        strategy.inited = true
        done()
      })
      return
    }
    if (step === 'start') {
      strategy.inited = true
      strategy.trading = true
      this.call('onStart', () => strategy.onStart())
    } else {
      this.call('onStop', () => strategy.onStop())
      strategy.trading = false
    }
    done()
  }

  private edit(strategy: CtaTemplate, { id, params }: Extract<ToWorker, { type: 'edit' }>): void {
    try {
      // A throwaway instance runs the class's own checks (fastWindow < slowWindow, say) on the new values.
      this.construct(params, CHECK_ONLY_CONTEXT)
    } catch (err) {
      this.post({ type: 'rejected', id, message: `${this.cls.className} refused these parameters: ${message(err)}` })
      return
    }
    Object.assign(strategy.params, params)
    this.post({ type: 'done', id, vars: this.vars() })
  }

  /**
   * Runs one callback with the watchdog told which it is. Returns what it
   * returned; a promise that rejects is reported like a throw.
   */
  private call(callback: Callback, fn: () => unknown): unknown {
    Atomics.store(this.running, 0, CALLBACKS.indexOf(callback) + 1)
    try {
      const result = fn()
      if (isThenable(result))
        return Promise.resolve(result).catch((err: unknown) => this.crash(`${callback} rejected`, err))
      return result
    } catch (err) {
      this.crash(`${callback} threw`, err)
      return undefined
    } finally {
      Atomics.store(this.running, 0, 0)
    }
  }

  private crash(what: string, err: unknown): void {
    if (this.crashed) return
    this.crashed = true
    this.post({ type: 'crash', ...describe(err, what) })
  }

  private vars(): Record<string, StrategyValue> {
    return this.strategy === undefined ? {} : pickValues(this.strategy.vars, this.names)
  }

  private post(message: FromWorker): void {
    this.port.postMessage(message)
  }

  /**
   * Orders get ids here, at once, and the engine maps each to the order id the
   * gateway gives it, rewriting `vtOrderId` in the strategy's orders and trades.
   * `buy()` and its kind return ids synchronously (the built-in grid tracks
   * them); the other way to keep that, blocking this thread in `Atomics.wait`
   * until the engine's thread has sent the order, would make every order wait
   * for the engine's next turn, stall the strategy whenever the engine is busy,
   * and look like a hang to the watchdog.
   */
  private readonly context: StrategyContext = {
    sendOrder: (s, direction, offset, price, volume, stop) => this.sendOrder(s, direction, offset, price, volume, stop),
    cancelOrder: (s, localId) => {
      if (s === this.strategy) this.post({ type: 'cancel', localId })
    },
    cancelAll: (s) => {
      if (s === this.strategy) this.post({ type: 'cancelAll' })
    },
    writeLog: (_s, text, level) => this.log(text, level),
    putEvent: (s) => {
      if (s === this.strategy) this.post({ type: 'vars', vars: this.vars(), sync: false })
    },
    syncData: (s) => {
      if (s === this.strategy) this.post({ type: 'vars', vars: this.vars(), sync: true })
    },
    loadBars: (_s, days) =>
      new Promise((resolve) => {
        const id = this.nextRequest++
        this.barRequests.set(id, resolve)
        this.post({ type: 'loadBars', id, days })
      }),
    getPricetick: () => this.setup.pricetick,
  }

  private sendOrder(
    s: CtaTemplate,
    direction: Direction,
    offset: Offset,
    price: number,
    volume: number,
    stop: boolean,
  ): string[] {
    if (s !== this.strategy) return []
    if (!s.trading) {
      this.log(`Order not sent: ${s.strategyName} is not trading`, 'WARNING')
      return []
    }
    const localId = `${this.setup.strategyName}.${++this.sent}`
    this.post({ type: 'order', localId, direction, offset, price, volume, stop })
    return [localId]
  }

  private log(text: string, level: LogLevel): void {
    this.post({ type: 'log', message: String(text), level })
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** A failure as the log shows it. */
function describe(err: unknown, what: string): { message: string; reason: string; stack?: string } {
  const text = message(err)
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : undefined
  return { message: text, reason: `${what}: ${text}`, ...(stack === undefined ? {} : { stack }) }
}

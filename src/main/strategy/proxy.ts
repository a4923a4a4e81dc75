import { DisposableStore } from '../../shared/disposable-store'
import { EVENT_TICK, EVENT_TIMER } from '../../shared/events'
import { hostMessage } from '../../shared/messages'
import type { Bar, Order, Trade } from '../../shared/objects'
import type { StrategyState, StrategyStatus, StrategyValue } from '../../shared/strategy'
import { isRunning } from '../../shared/strategy-lifecycle'
import { StrategyOrders, type RoutedStrategy, type StrategyOrderRouter, type StrategyQuota } from './order-routing'
import type { ClassEntry } from './registry'
import { checkWorkerMessage } from './runner/messages'
import type { Failure, FromWorker, LifecycleStep, ToWorker } from './runner/protocol'
import { Replies, WorkerFailure } from './runner/replies'
import type { Runner, StartRunner } from './runner/runner'
import { tickText } from './runner/tick-text'
import type { StrategyTradingCore } from './trading-core'
import { pickValues } from './variables'

/** What a proxy needs from the engine that owns it. */
export interface ProxyHost {
  readonly core: StrategyTradingCore
  readonly router: StrategyOrderRouter
  /** Starts the worker its strategy runs in (a thread, or a sandboxed process). */
  readonly startRunner: StartRunner
  /** Each instance's own quota, as a session of its own; none: unlimited. */
  quota?(strategyName: string): StrategyQuota
  /** Its strategy code failed (threw, hung, exited): the proxy has let go of the worker; the engine stops it. */
  failed(proxy: StrategyProxy, failure: Failure): void
  /** Its variables changed; `sync`: save its persistent ones now. */
  changed(proxy: StrategyProxy, sync: boolean): void
  loadBars(proxy: StrategyProxy, days: number): Promise<Bar[]>
}

/**
 * The engine's side of one strategy instance: its state as the desk shows it
 * and saves it, and its worker. It forwards only what the strategy is
 * entitled to (its instrument's ticks, the timer, its own orders and trades,
 * its warm-up bars) and carries back what the strategy asks, checked: orders
 * and cancels through the order router, logs, variables.
 */
export class StrategyProxy implements RoutedStrategy {
  status: StrategyStatus = 'added'
  /** Why it failed, while in error. */
  error: string | undefined
  /** Net position from its own trades, kept here (the strategy's copy is set from it). */
  pos = 0
  /** Its shown and persistent variables as its worker last reported them. */
  vars: Record<string, StrategyValue> = {}
  /** Whether this run has read its saved variables: only then are they saved, so a run never overwrites them blind. */
  dataLoaded = false
  orders = new StrategyOrders()
  readonly quota: StrategyQuota | undefined
  private worker: Runner | undefined
  /** Its tick and timer handlers while it runs. */
  private readonly handlers = new DisposableStore()
  private readonly replies = new Replies()
  /** Whether its worker has sent a message it may not send: said once per worker, then ignored quietly. */
  private warnedOfStrays = false

  constructor(
    readonly strategyName: string,
    readonly cls: ClassEntry,
    readonly vtSymbol: string,
    public params: Record<string, StrategyValue>,
    private readonly host: ProxyHost,
  ) {
    this.quota = host.quota?.(strategyName)
  }

  get trading(): boolean {
    return this.status === 'trading'
  }

  get hasWorker(): boolean {
    return this.worker !== undefined
  }

  state(): StrategyState {
    const inited = this.status === 'inited' || this.status === 'trading' || this.status === 'stopped'
    const state: StrategyState = {
      strategyName: this.strategyName,
      className: this.cls.className,
      vtSymbol: this.vtSymbol,
      status: this.status,
      parameters: { ...this.params },
      variables: { inited, trading: this.trading, pos: this.pos, ...pickValues(this.vars, this.cls.variables) },
    }
    if (this.error !== undefined) state.error = this.error
    return state
  }

  /** Its persistent variables as saved: `pos` and the ones its class declares (vnpy's `sync_data`). */
  savedVariables(): Record<string, StrategyValue> {
    return { pos: this.pos, ...pickValues(this.vars, this.cls.persistent) }
  }

  /**
   * Starts a fresh worker that builds the strategy with the current
   * parameters, position and variables. Resolves once it is built; rejects
   * with a WorkerFailure when the class cannot be loaded or refuses.
   */
  async spawn(pricetick: number): Promise<void> {
    await this.shutdown()
    this.orders = new StrategyOrders()
    const worker: Runner = this.host.startRunner(
      {
        mode: 'instance',
        strategyName: this.strategyName,
        vtSymbol: this.vtSymbol,
        className: this.cls.className,
        ...(this.cls.file === undefined ? {} : { file: this.cls.file }),
        params: this.params,
        pricetick,
        pos: this.pos,
        vars: this.vars,
      },
      { onMessage: (message) => this.receive(worker, message), onFailure: (failure) => this.lost(worker, failure) },
    )
    this.worker = worker
    this.warnedOfStrays = false
    try {
      this.vars = await this.replies.expect(0).reply
    } catch (err) {
      if (this.worker === worker) await this.shutdown()
      throw err
    }
  }

  /** Runs a lifecycle step in the worker (onInit is awaited there); rejects when the strategy fails in it. */
  async step(step: LifecycleStep): Promise<void> {
    this.vars = await this.request((id) => ({ type: 'step', id, step, pos: this.pos }))
  }

  /** Changes its parameters in place, in its worker, once the class has accepted them. */
  async edit(params: Record<string, StrategyValue>): Promise<void> {
    this.vars = await this.request((id) => ({ type: 'edit', id, params }))
    this.params = params
  }

  /** Registers its tick and timer handlers; they are all it holds in the engine. */
  listen(): void {
    if (this.handlers.size > 0) return
    const engine = this.host.core.engine
    this.handlers.add(
      engine.register(`${EVENT_TICK}${this.vtSymbol}`, (event) => {
        if (event.data) this.worker?.post(tickText(event.data))
      }),
      engine.register(EVENT_TIMER, (event) => {
        if (event.data) this.worker?.post({ type: 'timer', now: event.data.due })
      }),
    )
  }

  /** Releases its tick and timer handlers. */
  release(): void {
    this.handlers.clear()
  }

  forwardOrder(order: Order): void {
    if (isRunning(this.status)) this.worker?.post({ type: 'order', order })
  }

  /** Tells a running strategy of its trade, by the order id it was given, with `pos` already counting it. */
  forwardTrade(trade: Trade): void {
    const localId = this.orders.localId(trade.vtOrderId) ?? trade.vtOrderId
    if (isRunning(this.status))
      this.worker?.post({ type: 'trade', trade: { ...trade, vtOrderId: localId }, pos: this.pos })
  }

  /** Resolves once its worker has handled everything sent so far (tests, the benchmark). */
  settled(): Promise<void> {
    return this.worker?.ping() ?? Promise.resolve()
  }

  /** Ends its worker and releases its handlers; what was waiting on the worker fails. */
  async shutdown(): Promise<void> {
    this.release()
    const worker = this.worker
    if (worker === undefined) return
    this.worker = undefined
    this.replies.rejectAll({ reason: 'it was stopped' })
    await worker.terminate()
  }

  private request(make: (id: number) => ToWorker): Promise<Record<string, StrategyValue>> {
    const worker = this.worker
    if (worker === undefined) return Promise.reject(new WorkerFailure({ reason: 'its worker is not running' }, false))
    const { id, reply } = this.replies.expect()
    worker.post(make(id))
    return reply
  }

  private receive(worker: Runner, raw: unknown): void {
    if (worker !== this.worker) return
    const message = checkWorkerMessage(raw)
    if (message === undefined) {
      if (!this.warnedOfStrays)
        this.host.core.writeLog(
          hostMessage('strategy.strayMessage', { strategy: this.strategyName }),
          this.strategyName,
          'WARNING',
        )
      this.warnedOfStrays = true
      return
    }
    this.handle(worker, message)
  }

  private handle(worker: Runner, message: FromWorker): void {
    const { router, core } = this.host
    switch (message.type) {
      case 'ready':
        return this.replies.resolve(0, this.pick(message.vars))
      case 'done':
        return this.replies.resolve(message.id, this.pick(message.vars))
      case 'refused':
        return this.replies.reject(0, message, true)
      case 'rejected':
        return this.replies.reject(message.id, { reason: message.message }, true)
      case 'crash':
        return this.lost(worker, { reason: message.reason, stack: message.stack })
      case 'order':
        return router.send(this, message)
      case 'cancel':
        return router.cancel(this, message.localId)
      case 'cancelAll':
        return router.cancelAll(this)
      case 'log':
        if (router.admit(this) === undefined) core.writeLog(message.message, this.strategyName, message.level)
        return
      case 'vars':
        this.vars = { ...this.vars, ...this.pick(message.vars) }
        return this.host.changed(this, message.sync)
      case 'loadBars':
        void this.host.loadBars(this, message.days).then(
          (bars) => worker.post({ type: 'bars', id: message.id, bars }),
          () => worker.post({ type: 'bars', id: message.id, bars: [] }),
        )
        return
    }
  }

  /** Its worker is gone for a reason of its own: what waited on it fails, and the engine hears why. */
  private lost(worker: Runner, failure: Failure): void {
    if (worker !== this.worker) return
    this.worker = undefined
    this.release()
    void worker.terminate()
    this.replies.rejectAll(failure)
    this.host.failed(this, failure)
  }

  /** Only the variables its class declares, shown or persistent. */
  private pick(vars: Record<string, StrategyValue>): Record<string, StrategyValue> {
    return pickValues(vars, [...this.cls.variables, ...this.cls.persistent])
  }
}

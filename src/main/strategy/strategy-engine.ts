import type { StrategyCatalogue } from '../../shared/contract'
import { EVENT_STRATEGY } from '../../shared/events'
import { hostMessage, type HostMessage } from '../../shared/messages'
import type { Bar, LogLevel, Trade } from '../../shared/objects'
import type { StrategyState, StrategyValue } from '../../shared/strategy'
import type { StrategyAction } from '../../shared/strategy-lifecycle'
import { BUILTIN_STRATEGIES } from './builtin'
import { strategyFiles } from './loader'
import { DEFAULT_LIMITS, type StrategyEngineOptions } from './engine-options'
import { StrategyOrderRouter } from './order-routing'
import { resolveParameters } from './parameters'
import { StrategyPersistence } from './persistence'
import { StrategyProxy, type ProxyHost } from './proxy'
import { StrategyRegistry, unrestoredState } from './registry'
import { loadCatalogue } from './runner/catalogue'
import { checkParameters } from './runner/probe'
import type { Failure } from './runner/protocol'
import type { StartRunner } from './runner/runner'
import { threadRunner } from './runner/worker-runner'
import { refusedParameters } from './strategy-error'
import { StrategyLifecycle } from './lifecycle'
import { MemoryStrategyStore } from './strategy-store'
import { warmUpBars, type StrategyTradingCore } from './trading-core'

/**
 * Runs strategies (vnpy's CtaEngine), each instance in a worker thread of its
 * own (see runner/): whatever its code does — throw, reject, spin, never
 * settle — costs that strategy alone. This class is the engine's face to the
 * bridge: it keeps the registry and persistence, adds and removes instances,
 * and hands the lifecycle (init, start, stop, edit) to StrategyLifecycle.
 */
export class StrategyEngine implements ProxyHost {
  readonly router: StrategyOrderRouter
  readonly startRunner: StartRunner
  readonly quota: StrategyEngineOptions['quota']
  private readonly registry = new StrategyRegistry(BUILTIN_STRATEGIES)
  private readonly persistence: StrategyPersistence
  private readonly lifecycle: StrategyLifecycle
  private loading: Promise<void> = Promise.resolve()

  constructor(
    readonly core: StrategyTradingCore,
    private readonly options: StrategyEngineOptions = {},
  ) {
    const limits = options.limits ?? (() => DEFAULT_LIMITS)
    const runner = options.runner ?? threadRunner
    this.startRunner = (setup, listener) => runner(setup, () => limits().busyLimit, listener)
    this.quota = options.quota
    this.router = new StrategyOrderRouter(core, (name) => this.registry.instances.get(name), this.onTrade)
    this.persistence = new StrategyPersistence(options.store ?? new MemoryStrategyStore())
    this.lifecycle = new StrategyLifecycle(this, this.persistence, () => limits().initTimeout)
  }

  /**
   * Loads user strategy files (in a worker) and saved instances; adds the demo
   * instance on first launch. Commands wait for it, so none meets a class or
   * an instance not loaded yet.
   */
  load(): Promise<void> {
    this.loading = this.loadAll()
    return this.loading
  }

  private async loadAll(): Promise<void> {
    // Without user files nothing waits on a worker, and the saved instances are back before this returns.
    const files = strategyFiles(this.options.strategyDirs ?? [])
    if (files.length > 0) await this.loadUserClasses(files)
    const restored = this.persistence.restoreAll(
      this.registry,
      (name, saved) => this.create(saved.className, name, saved.vtSymbol, saved.setting),
      (name, reason) =>
        this.log(hostMessage('strategy.notRestored', { strategy: name, error: reason }), 'strategy', 'ERROR'),
    )
    for (const proxy of restored ?? []) this.publish(proxy)
    if (restored === undefined && this.options.demo !== undefined) {
      const { className, strategyName, vtSymbol } = this.options.demo
      await this.addInstance(className, strategyName, vtSymbol, {})
    }
  }

  /** Re-reads the user strategy files. Instances keep the class they were made from until their next init. */
  async reload(): Promise<StrategyCatalogue> {
    await this.loading
    await this.loadUserClasses(strategyFiles(this.options.strategyDirs ?? []))
    return this.registry.catalogue()
  }

  /** The classes the Add form offers, and the user files that failed to load. */
  async classes(): Promise<StrategyCatalogue> {
    await this.loading
    return this.registry.catalogue()
  }

  getAllStates(): StrategyState[] {
    return this.registry.states()
  }

  state(strategyName: string): StrategyState {
    const kept = this.registry.unrestored.get(strategyName)
    return kept === undefined ? this.registry.require(strategyName).state() : unrestoredState(kept)
  }

  async add(
    className: string,
    strategyName: string,
    vtSymbol: string,
    setting: Record<string, StrategyValue>,
  ): Promise<StrategyState> {
    await this.loading
    return this.addInstance(className, strategyName, vtSymbol, setting)
  }

  private async addInstance(
    className: string,
    strategyName: string,
    vtSymbol: string,
    setting: Record<string, StrategyValue>,
  ): Promise<StrategyState> {
    const proxy = this.create(className, strategyName, vtSymbol, setting)
    // A new instance starts from nothing: from now on its position is saved, and a namesake's old one never read.
    proxy.dataLoaded = true
    const checked = checkParameters(proxy.cls, proxy.params, strategyName, vtSymbol, this.startRunner)
    // A built-in is checked at once: the demo instance is there as soon as load() has run.
    proxy.vars = checked instanceof Promise ? await checked : checked
    this.registry.requireFreeName(strategyName)
    this.registry.instances.set(strategyName, proxy)
    this.persistence.saveInstances(this.registry)
    this.log(hostMessage('strategy.added', { strategy: strategyName, className, vtSymbol }), strategyName)
    return this.publish(proxy)
  }

  async init(strategyName: string): Promise<StrategyState> {
    await this.loading
    return this.lifecycle.init(this.registry.require(strategyName, 'init'))
  }

  async start(strategyName: string): Promise<StrategyState> {
    await this.loading
    return this.lifecycle.start(this.registry.require(strategyName, 'start'))
  }

  async stop(strategyName: string): Promise<StrategyState> {
    await this.loading
    return this.lifecycle.stop(this.registry.require(strategyName, 'stop'))
  }

  /** Changes parameters in place: status and variables stay. */
  async edit(strategyName: string, setting: Record<string, StrategyValue>): Promise<StrategyState> {
    await this.loading
    const proxy = this.registry.require(strategyName, 'edit')
    const params = resolveParameters(proxy.cls.parameters, setting, proxy.params)
    if (proxy.hasWorker) await proxy.edit(params).catch((err: unknown) => Promise.reject(refusedParameters(err)))
    else {
      await checkParameters(proxy.cls, params, strategyName, proxy.vtSymbol, this.startRunner)
      proxy.params = params
    }
    this.persistence.saveInstances(this.registry)
    this.log(hostMessage('strategy.edited', { strategy: strategyName }), strategyName)
    return this.publish(proxy)
  }

  async remove(strategyName: string): Promise<void> {
    await this.loading
    const last = this.state(strategyName)
    if (this.registry.unrestored.delete(strategyName)) this.persistence.store.forget(strategyName)
    else {
      const proxy = this.registry.require(strategyName, 'remove')
      this.registry.instances.delete(strategyName)
      this.router.cancelAll(proxy)
      await proxy.shutdown()
    }
    this.persistence.saveInstances(this.registry)
    // Its last state, so every window drops the card, whichever window removed it.
    this.core.engine.put({ type: EVENT_STRATEGY, data: { ...last, status: 'removed' } })
    this.log(hostMessage('strategy.removed', { strategy: strategyName }), strategyName)
  }

  initAll(): Promise<StrategyState[]> {
    return this.forAll('init', (proxy) => this.lifecycle.init(proxy))
  }

  startAll(): Promise<StrategyState[]> {
    return this.forAll('start', (proxy) => this.lifecycle.start(proxy))
  }

  stopAll(): Promise<StrategyState[]> {
    return this.forAll('stop', (proxy) => this.lifecycle.stop(proxy))
  }

  /** Resolves once every worker has handled what was sent to it, and the engine what they sent back. */
  async settled(): Promise<void> {
    await this.loading
    await Promise.all(this.registry.proxies().map((proxy) => proxy.settled()))
  }

  /** Stops every strategy, ends every worker and releases the engine's own handlers. */
  async close(): Promise<void> {
    await this.stopAll()
    await Promise.all(this.registry.proxies().map((proxy) => proxy.shutdown()))
    this.router.dispose()
  }

  failed(proxy: StrategyProxy, failure: Failure): void {
    if (this.registry.instances.get(proxy.strategyName) === proxy) this.lifecycle.fail(proxy, failure)
  }

  changed(proxy: StrategyProxy, sync: boolean): void {
    if (sync) this.persistence.saveVariables(proxy)
    this.publish(proxy)
  }

  /** Its warm-up bars: from the gateway its instrument trades on, through the trading core, as the chart's come. */
  async loadBars(proxy: StrategyProxy, days: number): Promise<Bar[]> {
    const bars = await warmUpBars(this.core, proxy.vtSymbol, days)
    if (bars.length === 0)
      this.log(hostMessage('strategy.noHistory', { vtSymbol: proxy.vtSymbol }), proxy.strategyName, 'WARNING')
    return bars
  }

  publish(proxy: StrategyProxy): StrategyState {
    const state = proxy.state()
    this.core.engine.put({ type: EVENT_STRATEGY, data: state })
    return state
  }

  log(message: string | HostMessage, source: string, level: LogLevel = 'INFO'): void {
    this.core.writeLog(message, source, level)
  }

  /** Does `action` to every instance it may be done to now, side by side. */
  private async forAll(
    action: StrategyAction,
    run: (proxy: StrategyProxy) => Promise<StrategyState>,
  ): Promise<StrategyState[]> {
    await this.loading
    await Promise.all(this.registry.eligible(action).map(run))
    return this.getAllStates()
  }

  private readonly onTrade = (strategyName: string, trade: Trade): void => {
    const proxy = this.registry.instances.get(strategyName)
    if (proxy === undefined) return
    proxy.pos = Number((proxy.pos + (trade.direction === 'LONG' ? trade.volume : -trade.volume)).toFixed(8))
    // Saved in the same turn as the trade (the journal commits both together): a crash cannot lose the position.
    this.persistence.saveVariables(proxy)
    proxy.forwardTrade(trade)
    this.publish(proxy)
  }

  private async loadUserClasses(files: string[]): Promise<void> {
    const { classes, errors } = await loadCatalogue(files, this.registry.builtinNames(), this.startRunner)
    this.registry.setUserClasses(classes, errors)
    for (const e of errors)
      this.log(hostMessage('strategy.fileFailed', { file: e.file, error: e.message }), 'strategy', 'ERROR')
  }

  /** An instance of a known class with checked parameters, under a free name, not yet registered. */
  private create(
    className: string,
    strategyName: string,
    vtSymbol: string,
    setting: Record<string, StrategyValue>,
  ): StrategyProxy {
    const cls = this.registry.requireClass(className)
    this.registry.requireFreeName(strategyName)
    return new StrategyProxy(strategyName, cls, vtSymbol, resolveParameters(cls.parameters, setting), this)
  }
}

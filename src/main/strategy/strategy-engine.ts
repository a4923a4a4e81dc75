// Over 400 lines on purpose, for now: issue 13 splits this file along its seams (registry, lifecycle, order
// routing, persistence, a worker runner); that work is under way and did not land in this round.
import * as v from 'valibot'
import { CommandFailure } from '../../shared/command-failure'
import type { EventEngine } from '../engine'
import { DisposableStore } from '../../shared/disposable-store'
import { MINUTE } from '../../shared/numbers'
import { EVENT_LOG, EVENT_ORDER, EVENT_STRATEGY, EVENT_TICK, EVENT_TIMER, EVENT_TRADE } from '../../shared/events'
import { strategyNameSchema } from '../../shared/contract'
import {
  MANUAL_REFERENCE,
  createCancelRequest,
  isActive,
  type Bar,
  type CancelRequest,
  type Contract,
  type Direction,
  type HistoryRequest,
  type LogLevel,
  type Offset,
  type Order,
  type OrderRequest,
  type SubscribeRequest,
  type Trade,
} from '../../shared/objects'
import type {
  StrategyClassInfo,
  StrategyLoadError,
  StrategyState,
  StrategyStatus,
  StrategyValue,
} from '../../shared/strategy'
import { DoubleMaStrategy } from './builtin/double-ma'
import { GridStrategy } from './builtin/grid'
import { MemoryStrategyStore, type SavedInstance, type SavedVariables, type StrategyStore } from './strategy-store'
import { loadStrategyFiles } from './loader'
import { RecentIds } from '../util/recent-ids'
import { ParameterError, resolveParameters } from './parameters'
import type { CtaTemplate, StrategyClass, StrategyContext, StrategyParams } from './template'

/** What the strategy engine needs from the trading core (MainEngine satisfies it). */
export interface StrategyTradingCore {
  readonly engine: EventEngine
  sendOrder(req: OrderRequest, gatewayName: string): string
  cancelOrder(req: CancelRequest, gatewayName: string): void
  subscribe(req: SubscribeRequest, gatewayName: string): void
  getContract(vtSymbol: string): Contract | undefined
  getOrder(vtOrderId: string): Order | undefined
  /** Past 1-minute bars from the gateway named, oldest first: the warm-up bars. */
  queryHistory(req: HistoryRequest, gatewayName: string): Promise<Bar[]>
  /** The trading clock, epoch milliseconds. */
  now(): number
  /** Whether a trade was counted before the turn in progress (the journal knows it): a replay. */
  hasCommittedTrade?(vtTradeId: string): boolean
  writeLog(message: string, source?: string, level?: LogLevel): void
}

/** A calendar day: warm-up asks for the bars of the last `days` of them, as vnpy's `load_bar` does. */
const DAY = 24 * 60 * MINUTE

export interface StrategyEngineOptions {
  /** Where instances, parameters and persistent variables are kept (the journal); none: nothing outlives the run. */
  store?: StrategyStore
  /** Folders searched for user strategy files (see loader.ts). */
  strategyDirs?: string[]
  /** On first launch (no saved instances), add one demo instance so a new user can press Start. */
  demo?: { className: string; strategyName: string; vtSymbol: string }
  /** Built-in classes; default DoubleMaStrategy and GridStrategy. */
  builtins?: StrategyClass[]
}

/** Trade ids remembered in memory for de-duplication; older ones are asked of the journal. */
const SEEN_TRADES = 10_000

/** A strategy command that cannot be carried out: the router answers with its code, message and field. */
export class StrategyError extends CommandFailure {
  constructor(code: 'NOT_FOUND' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT', message: string, field?: string) {
    super(code, message, field)
    this.name = 'StrategyError'
  }
}

interface Instance {
  cls: StrategyClass
  strategy: CtaTemplate
  status: StrategyStatus
  error?: string
  /** Engine handlers this instance holds while it runs; released on stop, error and remove. */
  handlers: DisposableStore
  /** Orders it sent that may still be working. */
  orders: Set<string>
}

/**
 * Runs strategies (vnpy's CtaEngine): adds, initialises, starts, stops, edits
 * and removes instances; routes each one its instrument's ticks (once
 * inited), its own orders and trades, and the timer; sends its orders tagged
 * with its name, only while it trades. Every callback is isolated: one that
 * throws stops that strategy alone, with the error and stack in the log.
 */
export class StrategyEngine {
  private readonly registry = new Map<string, StrategyClass>()
  private loadErrors: StrategyLoadError[] = []
  private readonly instances = new Map<string, Instance>()
  private readonly orderOwner = new Map<string, string>()
  private readonly seenTrades: RecentIds
  private readonly engine: EventEngine
  private readonly handlers = new DisposableStore()
  private readonly context: StrategyContext
  private readonly store: StrategyStore

  constructor(
    private readonly core: StrategyTradingCore,
    private readonly options: StrategyEngineOptions = {},
  ) {
    this.engine = core.engine
    this.seenTrades = new RecentIds(SEEN_TRADES, (id) => core.hasCommittedTrade?.(id) ?? false)
    for (const cls of options.builtins ?? [DoubleMaStrategy, GridStrategy]) this.registry.set(cls.className, cls)
    this.handlers.add(
      this.engine.register(EVENT_ORDER, (event) => event.data && this.onOrder(event.data)),
      this.engine.register(EVENT_TRADE, (event) => event.data && this.onTrade(event.data)),
    )
    this.context = this.makeContext()
    this.store = options.store ?? new MemoryStrategyStore()
  }

  /** Loads user strategy files and saved instances; adds the demo instance on first launch. */
  load(): void {
    this.reload()
    const saved = this.store.loadInstances()
    if (saved === undefined) {
      const demo = this.options.demo
      if (demo) this.add(demo.className, demo.strategyName, demo.vtSymbol, {})
      return
    }
    for (const [name, s] of saved) {
      try {
        this.add(s.className, name, s.vtSymbol, s.setting, false)
        // Its saved variables (its position first) show from the start, not only once it is inited.
        this.restoreData(this.get(name))
        this.publish(name)
      } catch (err) {
        this.store.keepUnrestored(name)
        this.log(`Saved strategy ${name} could not be restored: ${(err as Error).message}`, 'strategy', 'ERROR')
      }
    }
  }

  /** Re-reads the user strategy files. Running instances keep the class they were made from. */
  reload(): { classes: StrategyClassInfo[]; loadErrors: StrategyLoadError[] } {
    for (const [name, cls] of this.registry) if (this.isUserClass(cls)) this.registry.delete(name)
    const builtins = new Set(this.registry.keys())
    const loaded = loadStrategyFiles(this.options.strategyDirs ?? [], builtins)
    for (const cls of loaded.classes) {
      this.registry.set(cls.className, cls)
      this.userClasses.add(cls)
    }
    this.loadErrors = loaded.errors
    for (const e of loaded.errors) this.log(`Strategy file ${e.file} failed to load: ${e.message}`, 'strategy', 'ERROR')
    return this.classes()
  }

  /** The classes the Add form offers, and the user files that failed to load. */
  classes(): { classes: StrategyClassInfo[]; loadErrors: StrategyLoadError[] } {
    return {
      classes: [...this.registry.values()].map((cls) => ({
        className: cls.className,
        source: this.isUserClass(cls) ? 'user' : 'builtin',
        description: cls.description ?? '',
        parameters: cls.parameters,
        variables: cls.variables,
      })),
      loadErrors: this.loadErrors,
    }
  }

  /** The running instance behind a name (for inspection and tests). */
  getStrategy(strategyName: string): CtaTemplate | undefined {
    return this.instances.get(strategyName)?.strategy
  }

  getAllStates(): StrategyState[] {
    return [...this.instances.keys()].map((name) => this.state(name))
  }

  add(
    className: string,
    strategyName: string,
    vtSymbol: string,
    setting: Record<string, StrategyValue>,
    persist = true,
  ): StrategyState {
    const cls = this.registry.get(className)
    if (cls === undefined) throw new StrategyError('NOT_FOUND', `No strategy class named ${className}`, 'className')
    if (this.instances.has(strategyName)) {
      throw new StrategyError('FAILED_PRECONDITION', `A strategy named ${strategyName} already exists`, 'strategyName')
    }
    const valid = v.safeParse(strategyNameSchema, strategyName)
    if (!valid.success)
      throw new StrategyError('INVALID_ARGUMENT', `strategyName ${valid.issues[0].message}`, 'strategyName')
    if (strategyName === MANUAL_REFERENCE) {
      throw new StrategyError(
        'INVALID_ARGUMENT',
        `"${MANUAL_REFERENCE}" is reserved for orders sent by hand`,
        'strategyName',
      )
    }
    const params = this.parameters(cls, setting)
    const strategy = this.construct(cls, strategyName, vtSymbol, params)
    this.instances.set(strategyName, {
      cls,
      strategy,
      status: 'added',
      handlers: new DisposableStore(),
      orders: new Set(),
    })
    if (persist) this.saveSettings()
    this.log(`Strategy ${strategyName} added (${className} on ${vtSymbol})`, strategyName)
    return this.publish(strategyName)
  }

  /** Warms the strategy up (asynchronously: the engine keeps dispatching); then it receives ticks. */
  async init(strategyName: string): Promise<StrategyState> {
    const inst = this.get(strategyName)
    if (!['added', 'stopped', 'error'].includes(inst.status)) {
      throw new StrategyError(
        'FAILED_PRECONDITION',
        `${strategyName} is ${inst.status}; only a stopped strategy can be inited`,
      )
    }
    const contract = this.core.getContract(inst.strategy.vtSymbol)
    if (contract === undefined) {
      throw new StrategyError('FAILED_PRECONDITION', `No contract ${inst.strategy.vtSymbol}: connect its gateway first`)
    }
    if (inst.status !== 'added') {
      // A fresh instance, so state from the last run (indicators, bars) does not leak into this one.
      inst.strategy = this.construct(inst.cls, strategyName, inst.strategy.vtSymbol, inst.strategy.params)
      inst.error = undefined
    }
    inst.status = 'initing'
    this.publish(strategyName)
    const strategy = inst.strategy
    try {
      await strategy.onInit()
    } catch (err) {
      this.fail(strategyName, 'onInit', err)
      return this.state(strategyName)
    }
    if (this.instances.get(strategyName)?.strategy !== strategy || inst.status !== 'initing')
      return this.state(strategyName)
    this.restoreData(inst)
    strategy.inited = true
    inst.status = 'inited'
    this.core.subscribe({ symbol: contract.symbol, exchange: contract.exchange }, contract.gatewayName)
    inst.handlers.add(
      this.engine.register(`${EVENT_TICK}${strategy.vtSymbol}`, (event) => {
        if (event.data) this.call(strategyName, 'onTick', () => strategy.onTick(event.data!))
      }),
      this.engine.register(EVENT_TIMER, (event) => {
        if (event.data) this.call(strategyName, 'onTimer', () => strategy.onTimer(event.data!.due))
      }),
    )
    this.log(`Strategy ${strategyName} inited`, strategyName)
    return this.publish(strategyName)
  }

  start(strategyName: string): StrategyState {
    const inst = this.get(strategyName)
    if (inst.status !== 'inited') {
      throw new StrategyError('FAILED_PRECONDITION', `${strategyName} is ${inst.status}; init it before starting`)
    }
    inst.strategy.trading = true
    inst.status = 'trading'
    if (!this.call(strategyName, 'onStart', () => inst.strategy.onStart())) return this.state(strategyName)
    this.log(`Strategy ${strategyName} started`, strategyName)
    return this.publish(strategyName)
  }

  /** Stops trading, cancels its working orders, releases its handlers, saves its persistent variables. */
  stop(strategyName: string): StrategyState {
    const inst = this.get(strategyName)
    if (inst.status !== 'trading' && inst.status !== 'inited') {
      throw new StrategyError(
        'FAILED_PRECONDITION',
        `${strategyName} is ${inst.status}; only a running strategy can be stopped`,
      )
    }
    const wasOk = this.call(strategyName, 'onStop', () => inst.strategy.onStop())
    if (!wasOk) return this.state(strategyName)
    this.halt(inst)
    inst.status = 'stopped'
    this.saveData()
    this.log(`Strategy ${strategyName} stopped`, strategyName)
    return this.publish(strategyName)
  }

  /** Changes parameters of a strategy that is not running; it must be inited again. */
  edit(strategyName: string, setting: Record<string, StrategyValue>): StrategyState {
    const inst = this.get(strategyName)
    if (!['added', 'stopped', 'error'].includes(inst.status)) {
      throw new StrategyError('FAILED_PRECONDITION', `${strategyName} is ${inst.status}; stop it before editing`)
    }
    const params = this.parameters(inst.cls, setting, inst.strategy.params)
    inst.strategy = this.construct(inst.cls, strategyName, inst.strategy.vtSymbol, params)
    inst.status = 'added'
    inst.error = undefined
    this.saveSettings()
    this.log(`Strategy ${strategyName} parameters changed`, strategyName)
    return this.publish(strategyName)
  }

  remove(strategyName: string): void {
    const inst = this.get(strategyName)
    if (inst.status === 'trading' || inst.status === 'initing' || inst.status === 'inited') {
      throw new StrategyError('FAILED_PRECONDITION', `${strategyName} is ${inst.status}; stop it before removing`)
    }
    this.halt(inst)
    // Its last state, so every window drops the card, whichever window removed it (issue 14, defect 4).
    const removed: StrategyState = { ...this.state(strategyName), status: 'removed' }
    this.instances.delete(strategyName)
    this.saveSettings()
    this.engine.put({ type: EVENT_STRATEGY, data: removed })
    this.log(`Strategy ${strategyName} removed`, strategyName)
  }

  async initAll(): Promise<StrategyState[]> {
    const names = [...this.instances].filter(([, i]) => ['added', 'stopped'].includes(i.status)).map(([n]) => n)
    await Promise.all(names.map((n) => this.init(n).catch((err: Error) => this.log(err.message, n, 'WARNING'))))
    return this.getAllStates()
  }

  startAll(): StrategyState[] {
    for (const [name, inst] of this.instances) if (inst.status === 'inited') this.start(name)
    return this.getAllStates()
  }

  stopAll(): StrategyState[] {
    for (const [name, inst] of this.instances)
      if (inst.status === 'trading' || inst.status === 'inited') this.stop(name)
    return this.getAllStates()
  }

  /** Stops every strategy and releases the engine's own handlers. */
  close(): void {
    this.stopAll()
    this.handlers.dispose()
  }

  state(strategyName: string): StrategyState {
    const inst = this.get(strategyName)
    const s = inst.strategy
    const variables = { inited: s.inited, trading: s.trading, pos: s.pos, ...pickValues(s.vars, inst.cls.variables) }
    const state: StrategyState = {
      strategyName,
      className: inst.cls.className,
      vtSymbol: s.vtSymbol,
      status: inst.status,
      parameters: { ...s.params },
      variables,
    }
    if (inst.error !== undefined) state.error = inst.error
    return state
  }

  // ------------------------------------------------------------ internals

  private readonly userClasses = new WeakSet<StrategyClass>()

  private isUserClass(cls: StrategyClass): boolean {
    return this.userClasses.has(cls)
  }

  private get(strategyName: string): Instance {
    const inst = this.instances.get(strategyName)
    if (inst === undefined) throw new StrategyError('NOT_FOUND', `No strategy named ${strategyName}`, 'strategyName')
    return inst
  }

  private parameters(
    cls: StrategyClass,
    setting: Record<string, StrategyValue>,
    base?: StrategyParams,
  ): StrategyParams {
    try {
      return resolveParameters(cls.parameters, setting, base)
    } catch (err) {
      if (err instanceof ParameterError)
        throw new StrategyError('INVALID_ARGUMENT', err.message, `setting.${err.field}`)
      throw err
    }
  }

  private construct(cls: StrategyClass, strategyName: string, vtSymbol: string, params: StrategyParams): CtaTemplate {
    try {
      return new cls(this.context, strategyName, vtSymbol, params)
    } catch (err) {
      throw new StrategyError(
        'INVALID_ARGUMENT',
        `${cls.className} refused these parameters: ${(err as Error).message}`,
        'setting',
      )
    }
  }

  /** Runs one strategy callback; if it throws, that strategy alone is stopped and reported. */
  private call(strategyName: string, callback: string, fn: () => void): boolean {
    try {
      fn()
      return true
    } catch (err) {
      this.fail(strategyName, callback, err)
      return false
    }
  }

  private fail(strategyName: string, callback: string, err: unknown): void {
    const inst = this.instances.get(strategyName)
    if (inst === undefined) return
    const message = err instanceof Error ? err.message : String(err)
    this.halt(inst)
    inst.status = 'error'
    inst.error = `${callback} threw: ${message}`
    this.core.engine.put({
      type: EVENT_LOG,
      data: {
        time: Date.now(),
        level: 'ERROR',
        source: strategyName,
        message: `Strategy ${strategyName} stopped: ${callback} threw: ${message}`,
        stack: err instanceof Error ? err.stack : undefined,
      },
    })
    this.publish(strategyName)
  }

  /** Stops trading, cancels the strategy's working orders and releases its handlers. */
  private halt(inst: Instance): void {
    inst.strategy.trading = false
    inst.strategy.inited = false
    this.cancelOwn(inst)
    inst.handlers.clear()
  }

  private cancelOwn(inst: Instance): void {
    for (const vtOrderId of inst.orders) {
      const order = this.core.getOrder(vtOrderId)
      if (order === undefined || !isActive(order)) {
        inst.orders.delete(vtOrderId)
        continue
      }
      this.core.cancelOrder(createCancelRequest(order), order.gatewayName)
    }
  }

  private onOrder(order: Order): void {
    const name = this.orderOwner.get(order.vtOrderId)
    const inst = name === undefined ? undefined : this.instances.get(name)
    if (name === undefined || inst === undefined) return
    if (!isActive(order)) {
      inst.orders.delete(order.vtOrderId)
      this.orderOwner.delete(order.vtOrderId)
    }
    if (isRunning(inst.status)) this.call(name, 'onOrder', () => inst.strategy.onOrder(order))
  }

  private onTrade(trade: Trade): void {
    // A gateway replays the day's trades after a reconnect (as CTP does); count each one once.
    if (!this.seenTrades.add(trade.vtTradeId)) return
    const name = this.orderOwner.get(trade.vtOrderId) ?? this.tradeOwner(trade)
    const inst = name === undefined ? undefined : this.instances.get(name)
    if (name === undefined || inst === undefined) return
    inst.strategy.pos += trade.direction === 'LONG' ? trade.volume : -trade.volume
    inst.strategy.pos = Number(inst.strategy.pos.toFixed(8))
    if (isRunning(inst.status)) this.call(name, 'onTrade', () => inst.strategy.onTrade(trade))
    // Saved while the trade is handled: the journal commits both in one transaction.
    this.store.saveVariables(new Map([[name, savedVariables(inst)]]))
    this.publish(name)
  }

  /** A trade can arrive after its order's final state dropped the owner entry; the order remembers who sent it. */
  private tradeOwner(trade: Trade): string | undefined {
    const ref = trade.reference || this.core.getOrder(trade.vtOrderId)?.reference
    return ref !== undefined && this.instances.has(ref) ? ref : undefined
  }

  private makeContext(): StrategyContext {
    return {
      sendOrder: (s, direction, offset, price, volume, stop) =>
        this.sendOrder(s, direction, offset, price, volume, stop),
      cancelOrder: (s, vtOrderId) => {
        const order = this.core.getOrder(vtOrderId)
        if (order === undefined || this.orderOwner.get(vtOrderId) !== s.strategyName) return
        this.core.cancelOrder(createCancelRequest(order), order.gatewayName)
      },
      cancelAll: (s) => {
        const inst = this.instances.get(s.strategyName)
        if (inst !== undefined && inst.strategy === s) this.cancelOwn(inst)
      },
      writeLog: (s, message, level) => this.log(message, s.strategyName, level),
      putEvent: (s) => {
        if (this.instances.get(s.strategyName)?.strategy === s) this.publish(s.strategyName)
      },
      loadBars: async (s, days) => {
        // From the gateway the instrument trades on, through the trading core, as the chart's history comes.
        const contract = this.core.getContract(s.vtSymbol)
        const start = this.core.now() - days * DAY
        const bars =
          contract === undefined
            ? []
            : await this.core.queryHistory(
                { symbol: contract.symbol, exchange: contract.exchange, start },
                contract.gatewayName,
              )
        if (bars.length === 0)
          this.log(`No history for ${s.vtSymbol}: starting without warm-up bars`, s.strategyName, 'WARNING')
        return bars
      },
      getPricetick: (s) => this.core.getContract(s.vtSymbol)?.pricetick ?? 0,
    }
  }

  private sendOrder(
    s: CtaTemplate,
    direction: Direction,
    offset: Offset,
    price: number,
    volume: number,
    stop: boolean,
  ): string[] {
    const inst = this.instances.get(s.strategyName)
    if (inst === undefined || inst.strategy !== s) return []
    if (!s.trading) {
      this.log(`Order not sent: ${s.strategyName} is not trading`, s.strategyName, 'WARNING')
      return []
    }
    const contract = this.core.getContract(s.vtSymbol)
    if (contract === undefined) {
      this.log(`Order not sent: no contract ${s.vtSymbol}`, s.strategyName, 'ERROR')
      return []
    }
    const vtOrderId = this.core.sendOrder(
      {
        symbol: contract.symbol,
        exchange: contract.exchange,
        direction,
        offset,
        type: stop ? 'STOP' : 'LIMIT',
        price,
        volume,
        reference: s.strategyName,
      },
      contract.gatewayName,
    )
    this.orderOwner.set(vtOrderId, s.strategyName)
    inst.orders.add(vtOrderId)
    // A rejected order is final at once; its event may already be queued, so keep ownership until it arrives.
    return [vtOrderId]
  }

  private publish(strategyName: string): StrategyState {
    const state = this.state(strategyName)
    this.engine.put({ type: EVENT_STRATEGY, data: state })
    return state
  }

  private log(message: string, source: string, level: LogLevel = 'INFO'): void {
    this.core.writeLog(message, source, level)
  }

  private saveSettings(): void {
    const saved = new Map<string, SavedInstance>()
    for (const [name, inst] of this.instances) {
      saved.set(name, {
        className: inst.cls.className,
        vtSymbol: inst.strategy.vtSymbol,
        setting: { ...inst.strategy.params },
      })
    }
    this.store.saveInstances(saved)
  }

  /** Saves `pos` and the persistent variables of every instance (vnpy's `sync_data`). */
  private saveData(): void {
    const data = new Map<string, SavedVariables>()
    for (const [name, inst] of this.instances) data.set(name, savedVariables(inst))
    this.store.saveVariables(data)
  }

  private restoreData(inst: Instance): void {
    const saved = this.store.loadVariables(inst.strategy.strategyName)
    if (saved === undefined) return
    if (typeof saved.pos === 'number') inst.strategy.pos = saved.pos
    const vars = inst.strategy.vars as Record<string, StrategyValue>
    for (const key of inst.cls.persistent ?? []) if (key in saved) vars[key] = saved[key]
  }
}

/** What a strategy keeps between runs: `pos` and its persistent variables. */
function savedVariables(inst: Instance): SavedVariables {
  return { pos: inst.strategy.pos, ...pickValues(inst.strategy.vars, inst.cls.persistent ?? []) }
}

/** Inited or trading: the instance holds its handlers and hears about its orders and trades. */
function isRunning(status: StrategyStatus): boolean {
  return status === 'inited' || status === 'trading'
}

/** The named entries of `source` that can cross IPC and be saved (numbers, text, booleans). */
function pickValues(source: object, names: readonly string[]): Record<string, StrategyValue> {
  const picked: Record<string, StrategyValue> = {}
  for (const name of names) {
    const value = (source as Record<string, unknown>)[name]
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') picked[name] = value
  }
  return picked
}

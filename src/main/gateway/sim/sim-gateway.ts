import { EVENT_TIMER } from '../../../shared/events'
import { hostMessage, rejection } from '../../../shared/messages'
import {
  createOrderData,
  toVtSymbol,
  type Bar,
  type CancelRequest,
  type GatewayState,
  type HistoryRequest,
  type Order,
  type OrderRequest,
  type SubscribeRequest,
  type Trade,
} from '../../../shared/objects'
import { nodeScheduler, type EventEngine, type Scheduler } from '../../engine'
import { BaseGateway } from '../base-gateway'
import type { GatewaySettingField } from '../../../shared/gateway-settings'
import type { GatewaySetting } from '../gateway'
import { SimExchange } from './exchange'
import { INSTRUMENTS, toContract, type InstrumentSpec } from './instruments'
import { Random, streamSeed } from './random'
import { SIM_HISTORY_INTERVALS, SimHistory } from './history'
import { DEFAULT_SIM_SETTING, parseSimSetting, simSettingFields, type SimSetting } from './sim-setting'
import { SimStore } from './store'

export interface SimGatewayOptions {
  /** Default 'SIM'. */
  gatewayName?: string
  /** The market's clock and timers; tests pass a ManualScheduler. */
  scheduler?: Scheduler
  instruments?: readonly InstrumentSpec[]
  /**
   * The database the exchange keeps its books in (the data folder's
   * `journal.sqlite`), so that it outlives the desk as a real exchange does.
   * Absent: in memory, gone with the process.
   */
  databasePath?: string
}

/** Shortest pause between market batches: at stress rates one timer callback generates many ticks. */
const MIN_BATCH_MS = 10
/** After the process stalled, at most this much missed market time is generated; the rest is skipped. */
const MAX_CATCH_UP_MS = 1000

type MissedUpdate = { order: Order } | { trade: Trade }

/** A request on its way to the exchange: its timer, and the order if it is one. */
interface InFlight {
  timer: unknown
  order?: Order
}

/**
 * The embedded default gateway: a simulated exchange behind the same
 * `Gateway` interface a broker connection implements. The exchange keeps
 * trading while the connection is down; what it did meanwhile is replayed on
 * reconnect, so nothing accepted is lost. Account and positions come only on
 * timer polls, as from CTP.
 */
export class SimGateway extends BaseGateway {
  readonly defaultSetting: Readonly<GatewaySetting> = { ...DEFAULT_SIM_SETTING }
  readonly historyIntervals = SIM_HISTORY_INTERVALS

  /** The Connect dialog's fields; the seed and capital only while the exchange keeps no state of its own. */
  get settingFields(): readonly GatewaySettingField[] {
    return simSettingFields(this.store !== undefined)
  }
  private readonly scheduler: Scheduler
  private readonly instruments: readonly InstrumentSpec[]
  private exchange: SimExchange | undefined
  private setting: SimSetting = { ...DEFAULT_SIM_SETTING }
  private state: GatewayState = 'disconnected'
  /** Between connect and close, whether or not the line is up. */
  private open = false
  private readonly subscribed = new Set<string>()
  /** What the markets did, for `queryHistory`. */
  private readonly history: SimHistory
  private readonly store: SimStore | undefined
  private orderCount: number
  private missed: MissedUpdate[] = []
  /** Orders and cancels on their way to the exchange (see `toExchange`). */
  private readonly inFlight = new Set<InFlight>()
  private faultRandom = new Random(0)
  private marketTimer: unknown = undefined
  private reconnectTimer: unknown = undefined
  private marketStart = 0
  private steps = 0
  private lastBatch = 0
  private timerCount = 0
  private readonly queries = [(): void => this.queryAccount(), (): void => this.queryPosition()]

  constructor(engine: EventEngine, options: SimGatewayOptions = {}) {
    const scheduler = options.scheduler ?? nodeScheduler
    super(engine, options.gatewayName ?? 'SIM', () => scheduler.epoch(scheduler.now()))
    this.scheduler = scheduler
    this.instruments = options.instruments ?? INSTRUMENTS
    this.history = new SimHistory(this.gatewayName)
    const path = options.databasePath
    this.store = path === undefined ? undefined : SimStore.open(path, (message, level) => this.onLog(message, level))
    this.orderCount = this.store?.orderCount ?? 0
  }

  /**
   * Past bars, oldest first (vnpy's `query_history`): 1-minute, hourly or
   * daily (`req.interval`, default 1-minute; the trading core makes the
   * others from minutes), those that open at or after `req.start` and hold
   * only minutes closed by `req.end` (default now). Minutes the exchange
   * traded since the desk started are what it really did, so history joins
   * the live market; before them it is generated (see SimHistory). At most
   * MAX_HISTORY_BARS minutes, the latest. An unknown instrument has no bars.
   */
  queryHistory(req: HistoryRequest): Bar[] {
    const spec = this.instruments.find((i) => i.symbol === req.symbol && i.exchange === req.exchange)
    if (spec === undefined || !Number.isFinite(req.start)) return []
    const now = this.clock()
    const end = req.end !== undefined && Number.isFinite(req.end) ? Math.min(req.end, now) : now
    const market = this.exchange?.market(toVtSymbol(spec.symbol, spec.exchange))
    const lastPrice = market === undefined ? spec.preClose : market.price(market.lastTicks)
    const interval = req.interval ?? '1m'
    return this.history.bars(spec, interval, { start: req.start, end }, now, lastPrice, this.setting.seed)
  }

  /** The connection's state, as last reported in a status event. */
  get status(): GatewayState {
    return this.state
  }

  /**
   * Logs in. The first connect opens the exchange with the setting's seed and
   * capital, or, with a database, finds it as the last process left it; later
   * ones find it as it was left (its day goes on). Either way only the rates
   * are taken from the new setting.
   */
  connect(setting: GatewaySetting = {}): void {
    if (this.open) return this.onLog(hostMessage('gateway.alreadyConnected', {}), 'WARNING')
    this.setting = parseSimSetting(setting)
    this.onStatus('connecting')
    this.exchange ??= this.openExchange()
    this.open = true
    this.engine.register(EVENT_TIMER, this.onTimer)
    this.startMarket()
    this.state = 'connected'
    this.onStatus('connected')
    for (const market of this.exchange.markets) this.onContract(toContract(market.spec, this.gatewayName))
    // A day may have ended while the exchange was closed.
    this.exchange.rollDue(this.clock())
    // A new login sees the whole day, as CTP's private flow gives it.
    for (const order of this.exchange.allOrders()) this.onOrder(order)
    for (const trade of this.exchange.allTrades()) this.onTrade(trade)
    this.save()
    this.queryAccount()
    this.queryPosition()
    this.onLog(
      hostMessage('sim.connected', { instruments: this.exchange.markets.length, tickRate: this.setting.tickRate }),
    )
  }

  close(): void {
    if (!this.open) return
    this.open = false
    this.save(true)
    this.scheduler.clearTimer(this.marketTimer)
    this.scheduler.clearTimer(this.reconnectTimer)
    this.marketTimer = this.reconnectTimer = undefined
    this.engine.unregister(EVENT_TIMER, this.onTimer)
    for (const { timer, order } of this.inFlight) {
      this.scheduler.clearTimer(timer)
      if (order !== undefined)
        this.onOrder({ ...order, status: 'REJECTED', ...rejection(hostMessage('gateway.notConnected', {})) })
    }
    this.inFlight.clear()
    // The next login resends the whole day, so what was waiting for a reconnect is not needed.
    this.missed = []
    this.state = 'disconnected'
    this.onStatus('disconnected', 'closed')
    this.onLog(hostMessage('gateway.disconnected', {}))
  }

  subscribe(req: SubscribeRequest): void {
    const vtSymbol = toVtSymbol(req.symbol, req.exchange)
    if (!this.instruments.some((spec) => spec.symbol === req.symbol && spec.exchange === req.exchange))
      return this.onLog(hostMessage('gateway.cannotSubscribe', { vtSymbol }), 'WARNING')
    // Kept across disconnects: a reconnect subscribes again to everything asked for.
    this.subscribed.add(vtSymbol)
  }

  sendOrder(req: OrderRequest): string {
    const orderId = String(++this.orderCount)
    const order = createOrderData(req, orderId, this.gatewayName, 'SUBMITTING', this.clock())
    this.onOrder({ ...order })
    if (this.state !== 'connected' || this.exchange === undefined) {
      order.status = 'REJECTED'
      this.onOrder(Object.assign(order, rejection(hostMessage('gateway.notConnected', {}))))
    } else {
      const exchange = this.exchange
      this.toExchange(() => exchange.insert(order), order)
    }
    this.save()
    return order.vtOrderId
  }

  cancelOrder(req: CancelRequest): void {
    if (this.state !== 'connected' || this.exchange === undefined)
      return this.onLog(hostMessage('gateway.cancelNotSent', { orderId: req.orderId }), 'WARNING')
    const exchange = this.exchange
    this.toExchange(() => {
      const refusal = exchange.cancel(req.orderId)
      this.save()
      if (refusal === undefined) return
      // An order that finished before its cancel arrived is the ordinary race of cancelling a working order
      // (the grid demo pulls its grid after every fill): worth a debug line, not a warning.
      const level = exchange.isFinished(req.orderId) ? 'DEBUG' : 'WARNING'
      this.onLog(hostMessage('gateway.cancelRefused', { orderId: req.orderId, reason: refusal }), level)
    })
  }

  /**
   * Carries a request to the exchange after the setting's latency (at once
   * with none), in the order sent. An order still on its way when the
   * connection closes never arrives: it is rejected as not connected.
   */
  private toExchange(deliver: () => void, order?: Order): void {
    const latency = this.setting.latencyMs
    if (!(latency > 0)) return deliver()
    const request: InFlight = { timer: undefined, order }
    request.timer = this.scheduler.setTimer(() => {
      this.inFlight.delete(request)
      deliver()
      this.save()
    }, latency)
    this.inFlight.add(request)
  }

  /** Closes the connection, then the database; the gateway is not to be used again. */
  dispose(): void {
    this.close()
    this.store?.close()
  }

  queryAccount(): void {
    if (this.state !== 'connected' || this.exchange === undefined) return
    for (const account of this.exchange.accounts()) this.onAccount(account)
  }

  queryPosition(): void {
    if (this.state !== 'connected' || this.exchange === undefined) return
    for (const position of this.exchange.positions()) this.onPosition(position)
  }

  /** Every order of the day as the exchange holds it, whether or not the client has heard yet. */
  exchangeOrders(): Order[] {
    return this.exchange?.allOrders() ?? []
  }

  /** Every trade of the day as the exchange holds it. */
  exchangeTrades(): Trade[] {
    return this.exchange?.allTrades() ?? []
  }

  /**
   * Drops the connection as a network fault would: a status event and a log
   * line now; after `downMs` it reconnects, replays what the exchange did
   * meanwhile and resynchronises account and positions.
   */
  dropConnection(downMs = this.setting.reconnectMs): void {
    if (this.state !== 'connected') return
    this.state = 'reconnecting'
    this.onStatus('reconnecting', 'connection lost')
    this.onLog(hostMessage('gateway.connectionLost', { seconds: downMs / 1000 }), 'WARNING')
    this.reconnectTimer = this.scheduler.setTimer(this.reconnect, downMs)
  }

  private readonly reconnect = (): void => {
    this.reconnectTimer = undefined
    const missed = this.missed
    this.missed = []
    this.state = 'connected'
    this.onStatus('connected', 'reconnected')
    for (const update of missed) {
      if ('order' in update) this.onOrder(update.order)
      else this.onTrade(update.trade)
    }
    this.queryAccount()
    this.queryPosition()
    this.onLog(hostMessage('gateway.reconnected', { instruments: this.subscribed.size, updates: missed.length }))
  }

  /** Queries one of account and positions every `pollEvery` timer events, alternating, as vnpy_ctp does. */
  private readonly onTimer = (): void => {
    if (this.state !== 'connected') return
    if (++this.timerCount < this.setting.pollEvery) return
    this.timerCount = 0
    const query = this.queries.shift()!
    this.queries.push(query)
    query()
  }

  private startMarket(): void {
    this.marketStart = this.lastBatch = this.scheduler.now()
    this.steps = 0
    this.armMarket()
  }

  private armMarket(): void {
    const next = this.marketStart + ((this.steps + 1) * 1000) / this.setting.tickRate
    this.marketTimer = this.scheduler.setTimer(this.onMarket, Math.max(next - this.scheduler.now(), MIN_BATCH_MS))
  }

  /**
   * Generates every step due since the last call, each instrument in turn per
   * step, so ticks stay in time order. Deadline-based: a late timer makes a
   * bigger batch, never a slower market.
   */
  private readonly onMarket = (): void => {
    const exchange = this.exchange!
    const { tickRate, faultsPerHour } = this.setting
    const stepMs = 1000 / tickRate
    const now = this.scheduler.now()
    const due = Math.floor(((now - this.marketStart) * tickRate) / 1000 + 1e-9)
    this.steps = Math.max(this.steps, due - Math.ceil(MAX_CATCH_UP_MS / stepMs))
    const dt = stepMs / 1000
    const live = this.state === 'connected'
    for (; this.steps < due;) {
      this.steps++
      const datetime = this.scheduler.epoch(this.marketStart + this.steps * stepMs)
      for (const market of exchange.markets) {
        exchange.rollIfDue(market, datetime)
        market.step(dt, datetime)
        this.history.record(market)
        // The tick shows the book as the market made it; resting orders then trade against it.
        if (live && this.subscribed.has(market.vtSymbol)) this.onTick(market.toTick(this.gatewayName))
        exchange.match(market)
      }
    }
    const elapsedHours = (now - this.lastBatch) / 3_600_000
    this.lastBatch = now
    this.save()
    if (faultsPerHour > 0 && this.faultRandom.next() < faultsPerHour * elapsedHours) this.dropConnection()
    this.armMarket()
  }

  /** The exchange as the database left it, or a new one with the setting's seed and capital. */
  private openExchange(): SimExchange {
    const stored = this.store?.load()
    const { capitalCny, capitalUsdt } = this.setting
    const seed = stored?.seed ?? this.setting.seed
    const capital = { CNY: capitalCny, USDT: capitalUsdt }
    const exchange = new SimExchange(this.instruments, seed, capital, this.gatewayName, this.clock, stored?.books)
    exchange.listener = {
      onOrder: (order) => (this.state === 'connected' ? this.onOrder(order) : this.missed.push({ order })),
      onTrade: (trade) => (this.state === 'connected' ? this.onTrade(trade) : this.missed.push({ trade })),
    }
    exchange.recorder = this.store
    this.faultRandom = new Random(streamSeed(seed, 'faults'))
    if (stored === undefined) this.store?.opened(exchange, seed, this.scheduler.now())
    else
      this.onLog(
        hostMessage('sim.restored', {
          path: this.store!.path,
          orders: exchange.allOrders().length,
          trades: exchange.allTrades().length,
        }),
      )
    return exchange
  }

  /** Writes what the exchange changed since the last save (see SimStore.flush). */
  private save(saveMarkets = false): void {
    if (this.store === undefined) return
    this.store.orderCount = this.orderCount
    this.store.flush(this.exchange, this.scheduler.now(), saveMarkets)
  }
}

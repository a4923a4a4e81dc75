import { EventEngine, nodeScheduler, type Scheduler } from '../engine'
import { aggregateBars } from '../../shared/bar-generator'
import { INTERVAL_MINUTES, firstWindowFrom } from '../../shared/intervals'
import { EVENT_LOG, EVENT_ORDER } from '../../shared/events'
import {
  createCancelRequest,
  createOrderData,
  type Account,
  type Bar,
  type CancelRequest,
  type Contract,
  type GatewayStatus,
  type HistoryRequest,
  type Log,
  type LogLevel,
  type Order,
  type OrderRequest,
  type Position,
  type SubscribeRequest,
  type Tick,
  type Trade,
  type UnpolledFills,
} from '../../shared/objects'
import type { Gateway, GatewaySetting } from '../gateway/gateway'
import { putKeyed } from '../gateway/put-keyed'
import { hostMessage, logText, rejection, type HostMessage } from '../../shared/messages'
import { Oms, type RestoredState } from './oms'
import type { TradingHistory } from './trading-history'
import { RiskManager, type RiskSettings } from './risk'

export interface MainEngineOptions {
  /** Default: a new engine, started here. */
  engine?: EventEngine
  risk?: Partial<RiskSettings>
  /** Logs kept in memory; older ones are dropped and counted. Default 10,000. */
  logCapacity?: number
  /** Finished orders kept in memory beside the working ones; older ones only in `history`. Default 10,000. */
  orderCapacity?: number
  /** Trades kept in memory; older ones only in `history`. Default 10,000. */
  tradeCapacity?: number
  /** Where orders and trades no longer in memory are found (the journal); none: they are forgotten. */
  history?: TradingHistory
  /** Clock for order times, logs and the order-rate window: give it the engine's scheduler. */
  scheduler?: Scheduler
}

/** Default of each in-memory capacity (logs, finished orders, trades). */
export const DEFAULT_CAPACITY = 10_000

/** The source of the logs the trading core writes itself. */
export const TRADER_SOURCE = 'trader'
/** The source of risk rejections' logs. */
export const RISK_SOURCE = 'risk'

/**
 * The trading core (vnpy's MainEngine with its OmsEngine and a risk
 * manager): routes requests to gateways, checks orders before they leave,
 * and keeps the latest state every gateway reported.
 */
export class MainEngine {
  readonly engine: EventEngine
  private readonly gateways = new Map<string, Gateway>()
  private readonly oms: Oms
  private readonly risk: RiskManager
  private readonly scheduler: Scheduler
  private readonly history: TradingHistory | undefined
  private rejectedCount = 0
  private closing: Promise<void> | undefined

  constructor(options: MainEngineOptions = {}) {
    this.engine = options.engine ?? new EventEngine({ scheduler: options.scheduler })
    this.scheduler = options.scheduler ?? nodeScheduler
    this.history = options.history
    this.oms = new Oms(
      this.engine,
      {
        orders: options.orderCapacity ?? DEFAULT_CAPACITY,
        trades: options.tradeCapacity ?? DEFAULT_CAPACITY,
        logs: options.logCapacity ?? DEFAULT_CAPACITY,
      },
      options.history,
    )
    this.risk = new RiskManager(this.engine, this.oms, options.risk)
    this.engine.start()
  }

  addGateway(gateway: Gateway): void {
    const name = gateway.gatewayName
    if (this.gateways.has(name)) throw new Error(`a gateway named ${name} is already added`)
    this.gateways.set(name, gateway)
    this.oms.gatewayStatuses.set(name, { gatewayName: name, state: 'disconnected', time: this.now() })
  }

  /**
   * Puts a restarted desk's day back (orders, trades and logs from the
   * journal) before any gateway connects; rejections are numbered on from
   * `lastRejection`, so an order id is never given twice.
   */
  restore(state: RestoredState & { lastRejection: number }): void {
    this.oms.restore(state)
    this.rejectedCount = Math.max(this.rejectedCount, state.lastRejection)
  }

  getGateway(gatewayName: string): Gateway | undefined {
    return this.gateways.get(gatewayName)
  }

  getAllGatewayNames(): string[] {
    return [...this.gateways.keys()]
  }

  /** Each gateway's latest reported connection state. */
  getAllGatewayStatuses(): GatewayStatus[] {
    return [...this.oms.gatewayStatuses.values()]
  }

  connect(setting: GatewaySetting, gatewayName: string): void {
    this.gatewayOf(gatewayName).connect(setting)
  }

  /** Closes one gateway's connection; its timer handler goes with it. */
  disconnect(gatewayName: string): void {
    this.gatewayOf(gatewayName).close()
  }

  subscribe(req: SubscribeRequest, gatewayName: string): void {
    this.gatewayOf(gatewayName).subscribe(req)
  }

  /**
   * Checks the request, then sends it. Returns the vtOrderId either way: a
   * rejected request becomes a REJECTED order with the reason, put like any
   * order update, and a log line; nothing else changes.
   */
  sendOrder(req: OrderRequest, gatewayName: string): string {
    const gateway = this.gateways.get(gatewayName)
    const now = this.scheduler.now()
    const reason =
      gateway === undefined
        ? hostMessage('trader.unknownGateway', { gatewayName })
        : this.risk.check(req, gatewayName, now)
    if (reason !== undefined) return this.reject(req, gatewayName, reason)
    const vtOrderId = gateway!.sendOrder(req)
    this.risk.accepted(vtOrderId, req, gatewayName, now)
    return vtOrderId
  }

  cancelOrder(req: CancelRequest, gatewayName: string): void {
    this.gatewayOf(gatewayName).cancelOrder(req)
  }

  /**
   * Past bars from a gateway, oldest first (vnpy's `query_history`): in
   * `req.interval` when the gateway serves it, else its 1-minute bars made
   * into that interval here (with the bar generator's windows); none, and no
   * error, from a gateway without a history service. Rejects for an unknown
   * gateway, or with the gateway's own error.
   */
  async queryHistory(req: HistoryRequest, gatewayName: string): Promise<Bar[]> {
    const gateway = this.gatewayOf(gatewayName)
    if (gateway.queryHistory === undefined) return []
    const interval = req.interval ?? '1m'
    if (interval === '1m' || gateway.historyIntervals?.includes(interval)) return await gateway.queryHistory(req)
    const minutes = INTERVAL_MINUTES[interval]
    const start = firstWindowFrom(req, minutes, req.start)
    return aggregateBars(await gateway.queryHistory({ ...req, start, interval: '1m' }), minutes)
  }

  /** Cancels every working order, those sent but not yet acknowledged included. */
  cancelAll(): void {
    const working = new Map<string, { gatewayName: string; req: CancelRequest }>()
    for (const order of this.oms.activeOrders.values())
      working.set(order.vtOrderId, {
        gatewayName: order.gatewayName,
        req: createCancelRequest(order),
      })
    for (const [vtOrderId, { req, gatewayName }] of this.risk.pending())
      working.set(vtOrderId, {
        gatewayName,
        req: createCancelRequest({ ...req, orderId: vtOrderId.slice(gatewayName.length + 1) }),
      })
    for (const { gatewayName, req } of working.values()) this.gateways.get(gatewayName)?.cancelOrder(req)
  }

  getTick(vtSymbol: string): Tick | undefined {
    return this.oms.ticks.get(vtSymbol)
  }

  /** An order by id, also one finished long ago (from the journal). */
  getOrder(vtOrderId: string): Order | undefined {
    return this.oms.getOrder(vtOrderId)
  }

  getTrade(vtTradeId: string): Trade | undefined {
    return this.oms.getTrade(vtTradeId)
  }

  /** Whether a trade was counted before the turn in progress (see TradingHistory): a replay, not a new one. */
  hasCommittedTrade(vtTradeId: string): boolean {
    return this.history?.hasCommittedTrade(vtTradeId) ?? false
  }

  getPosition(vtPositionId: string): Position | undefined {
    return this.oms.positions.get(vtPositionId)
  }

  getAccount(vtAccountId: string): Account | undefined {
    return this.oms.accounts.get(vtAccountId)
  }

  getContract(vtSymbol: string): Contract | undefined {
    return this.oms.contracts.get(vtSymbol)
  }

  getAllTicks(): Tick[] {
    return [...this.oms.ticks.values()]
  }

  /** Working orders and the most recent finished ones (see `orderCapacity`). */
  getAllOrders(): Order[] {
    return [...this.oms.orders.values()]
  }

  getAllActiveOrders(): Order[] {
    return [...this.oms.activeOrders.values()]
  }

  getAllTrades(): Trade[] {
    return [...this.oms.trades.values()]
  }

  getAllPositions(): Position[] {
    return [...this.oms.positions.values()]
  }

  getAllAccounts(): Account[] {
    return [...this.oms.accounts.values()]
  }

  getAllContracts(): Contract[] {
    return [...this.oms.contracts.values()]
  }

  /** The logs still in memory, oldest first. */
  getAllLogs(): Log[] {
    return this.oms.logs.all()
  }

  /** Logs dropped from memory to respect the capacity. */
  getLogsDropped(): number {
    return this.oms.logs.dropped
  }

  /**
   * Positions and accounts with fills their last snapshot does not show yet:
   * positions and accounts come only on polls, so for a few seconds after a
   * fill the screen shows the state before it.
   */
  getUnpolledFills(): UnpolledFills {
    return this.oms.unpolledFills()
  }

  getRiskSettings(): RiskSettings {
    return this.risk.getSettings()
  }

  /** Changes some risk settings; returns them all. */
  updateRiskSettings(patch: Partial<RiskSettings>): RiskSettings {
    const settings = this.risk.updateSettings(patch)
    const changes = Object.entries(patch).map(([setting, value]) => hostMessage('settings.set', { setting, value }))
    this.writeLog(hostMessage('trader.riskSettingsChanged', { changes }))
    return settings
  }

  /** The trading clock (the scheduler's), epoch milliseconds: order and log times, history windows. */
  now(): number {
    return this.scheduler.epoch(this.scheduler.now())
  }

  /** Puts a log line: a host message (shown in each window's language), or plain text. */
  writeLog(message: string | HostMessage, source = TRADER_SOURCE, level: LogLevel = 'INFO'): void {
    this.engine.put({ type: EVENT_LOG, data: { time: this.now(), level, source, ...logText(message) } })
  }

  /**
   * Cancels working orders (unless told to leave them at the exchange),
   * closes every gateway, then stops the engine once what they reported is
   * dispatched, and releases the caches' handlers. In that order: an engine
   * stopped first would never dispatch the cancels' results.
   */
  close({ cancelWorkingOrders = true }: { cancelWorkingOrders?: boolean } = {}): Promise<void> {
    this.closing ??= (async () => {
      if (cancelWorkingOrders) this.cancelAll()
      else this.writeLog(hostMessage('trader.leavingOrders', { count: this.getAllActiveOrders().length }))
      for (const gateway of this.gateways.values()) gateway.close()
      await this.engine.stop()
      this.oms.dispose()
      this.risk.dispose()
    })()
    return this.closing
  }

  private gatewayOf(gatewayName: string): Gateway {
    const gateway = this.gateways.get(gatewayName)
    if (gateway === undefined) throw new Error(`unknown gateway ${gatewayName}`)
    return gateway
  }

  private reject(req: OrderRequest, gatewayName: string, reason: HostMessage): string {
    // Its own id space, so a rejection can never collide with an id the gateway hands out.
    const orderId = `R${++this.rejectedCount}`
    const order: Order = { ...createOrderData(req, orderId, gatewayName, 'REJECTED', this.now()), ...rejection(reason) }
    putKeyed(this.engine, EVENT_ORDER, order.vtOrderId, order)
    const { vtOrderId, vtSymbol } = order
    this.writeLog(
      hostMessage('trader.orderRejected', {
        vtOrderId,
        direction: req.direction,
        volume: req.volume,
        vtSymbol,
        reason,
      }),
      RISK_SOURCE,
      'WARNING',
    )
    return order.vtOrderId
  }
}

import { validateCommand, type CommandError } from '../../shared/contract'
import { EVENT_ORDER, EVENT_TRADE } from '../../shared/events'
import { hostMessage } from '../../shared/messages'
import {
  createCancelRequest,
  createOrderData,
  isActive,
  type Order,
  type OrderRequest,
  type Trade,
} from '../../shared/objects'
import { DisposableStore } from '../../shared/disposable-store'
import { RecentIds } from '../util/recent-ids'
import type { FromWorker } from './runner/protocol'
import type { StrategyTradingCore } from './trading-core'

/** Trade ids remembered in memory for de-duplication; older ones are asked of the journal. */
const SEEN_TRADES = 10_000

/** An order as a strategy's worker asks for it. */
export type OrderAsk = Extract<FromWorker, { type: 'order' }>

/**
 * The orders one run of a strategy sent: the id its worker gave each (the id
 * the strategy holds and sees in `vtOrderId`) and the gateway's `vtOrderId`.
 * A new run (a new worker) starts a new book, so a late update of an order
 * from an earlier run never reaches the new one.
 */
export class StrategyOrders {
  private readonly byLocal = new Map<string, string>()
  private readonly byVt = new Map<string, string>()
  /** Orders that may still be working. */
  readonly working = new Set<string>()

  add(localId: string, vtOrderId: string): void {
    this.byLocal.set(localId, vtOrderId)
    this.byVt.set(vtOrderId, localId)
    this.working.add(vtOrderId)
  }

  has(localId: string): boolean {
    return this.byLocal.has(localId)
  }

  vtOrderId(localId: string): string | undefined {
    return this.byLocal.get(localId)
  }

  localId(vtOrderId: string): string | undefined {
    return this.byVt.get(vtOrderId)
  }
}

/** A refusal by a quota: what the router answers a flood with. */
type Refusal = { ok: false; error: CommandError }

/**
 * What one strategy may still send, as one session of its own (the bridge's
 * SessionQuota satisfies it, with the `session.*` settings): commands and
 * orders per second, orders working at once.
 */
export interface StrategyQuota {
  admitCommand(onFloodStart: (perSecond: number) => void): Refusal | undefined
  admitOrder(isWorking: (vtOrderId: string) => boolean): Refusal | undefined
  orderSent(vtOrderId: string): void
}

/** What the router needs of a strategy instance (StrategyProxy satisfies it). */
export interface RoutedStrategy {
  readonly strategyName: string
  readonly vtSymbol: string
  /** Only a trading strategy may send orders. */
  readonly trading: boolean
  readonly orders: StrategyOrders
  /** Its own session's limits; none: unlimited (the desk-wide risk caps still apply). */
  readonly quota: StrategyQuota | undefined
  /** Tells the strategy of one of its orders, by the id it was given; nothing while it is stopped. */
  forwardOrder(order: Order): void
}

/**
 * Order routing for strategies (vnpy's CtaEngine, its send/cancel and
 * order/trade dispatch): sends a strategy's order on its own instrument,
 * tagged with its name, after the same checks as a window's `order:send` and
 * within its own session's quota; cancels only its own orders (a cancel is
 * never refused: it only takes risk off); hands each order and trade event to
 * the strategy that sent it, each trade once. An order refused comes back to
 * the strategy as REJECTED, with the reason; the log says so once per run of
 * refusals, so a strategy that keeps trying cannot flood it.
 */
export class StrategyOrderRouter {
  /** vtOrderId → the name of the strategy that sent it. */
  private readonly owners = new Map<string, string>()
  private readonly seenTrades: RecentIds
  /** Strategies whose last order was refused: a run of refusals is logged once, when it starts. */
  private readonly refusing = new Set<string>()
  private readonly handlers = new DisposableStore()

  constructor(
    private readonly core: StrategyTradingCore,
    private readonly find: (strategyName: string) => RoutedStrategy | undefined,
    /** A trade of a strategy's: it keeps the position and tells the strategy. */
    private readonly onTrade: (strategyName: string, trade: Trade) => void,
  ) {
    this.seenTrades = new RecentIds(SEEN_TRADES, (id) => core.hasCommittedTrade?.(id) ?? false)
    this.handlers.add(
      core.engine.register(EVENT_ORDER, (event) => event.data && this.routeOrder(event.data)),
      core.engine.register(EVENT_TRADE, (event) => event.data && this.routeTrade(event.data)),
    )
  }

  send(strategy: RoutedStrategy, ask: OrderAsk): void {
    const name = strategy.strategyName
    const contract = this.core.getContract(strategy.vtSymbol)
    const request: OrderRequest = {
      symbol: contract?.symbol ?? strategy.vtSymbol,
      exchange: contract?.exchange ?? 'LOCAL',
      direction: ask.direction,
      offset: ask.offset,
      type: ask.stop ? 'STOP' : 'LIMIT',
      price: ask.price,
      volume: ask.volume,
      reference: name,
    }
    const refuse = (why: string): void => {
      if (!this.refusing.has(name))
        this.core.writeLog(hostMessage('strategy.orderRefused', { reason: why }), name, 'WARNING')
      this.refusing.add(name)
      const order = createOrderData(request, ask.localId, contract?.gatewayName ?? '', 'REJECTED', this.core.now())
      strategy.forwardOrder({ ...order, vtOrderId: ask.localId, rejectReason: why })
    }
    if (!strategy.trading) return refuse(`${name} is not trading`)
    if (strategy.orders.has(ask.localId)) return refuse(`${name} used the order id ${ask.localId} twice`)
    if (contract === undefined) return refuse(`no contract ${strategy.vtSymbol}`)
    const flooding = this.admit(strategy)
    if (flooding !== undefined) return refuse(flooding)
    const valid = validateCommand('order:send', {
      vtSymbol: strategy.vtSymbol,
      direction: ask.direction,
      offset: ask.offset,
      type: request.type,
      price: ask.price,
      volume: ask.volume,
    })
    if (!valid.ok) return refuse(valid.error.message)
    const refused = strategy.quota?.admitOrder((vtOrderId) => {
      // Not in the caches yet: sent, not acknowledged, so still working.
      const order = this.core.getOrder(vtOrderId)
      return order === undefined || isActive(order)
    })
    if (refused !== undefined) return refuse(refused.error.message)
    const vtOrderId = this.core.sendOrder(request, contract.gatewayName)
    this.refusing.delete(name)
    strategy.quota?.orderSent(vtOrderId)
    this.owners.set(vtOrderId, name)
    strategy.orders.add(ask.localId, vtOrderId)
  }

  /** Takes one command from the strategy's quota: undefined when admitted, else why not (a flood is logged once). */
  admit(strategy: RoutedStrategy): string | undefined {
    const name = strategy.strategyName
    const refused = strategy.quota?.admitCommand((perSecond) =>
      this.core.writeLog(hostMessage('strategy.flooding', { strategy: name, perSecond }), name, 'WARNING'),
    )
    return refused?.error.message
  }

  /** Cancels one of the strategy's own orders, by the id it was given; any other id is ignored. */
  cancel(strategy: RoutedStrategy, localId: string): void {
    const vtOrderId = strategy.orders.vtOrderId(localId)
    if (vtOrderId !== undefined) this.cancelWorking(strategy.orders, vtOrderId)
  }

  /** Cancels every order of the strategy's that may still be working. */
  cancelAll(strategy: RoutedStrategy): void {
    for (const vtOrderId of [...strategy.orders.working]) this.cancelWorking(strategy.orders, vtOrderId)
  }

  dispose(): void {
    this.handlers.dispose()
  }

  private cancelWorking(orders: StrategyOrders, vtOrderId: string): void {
    const order = this.core.getOrder(vtOrderId)
    if (order === undefined || !isActive(order)) {
      orders.working.delete(vtOrderId)
      return
    }
    this.core.cancelOrder(createCancelRequest(order), order.gatewayName)
  }

  private routeOrder(order: Order): void {
    const name = this.owners.get(order.vtOrderId)
    const strategy = name === undefined ? undefined : this.find(name)
    if (name === undefined || strategy === undefined) return
    if (!isActive(order)) {
      strategy.orders.working.delete(order.vtOrderId)
      this.owners.delete(order.vtOrderId)
    }
    const localId = strategy.orders.localId(order.vtOrderId)
    if (localId !== undefined) strategy.forwardOrder({ ...order, vtOrderId: localId })
  }

  private routeTrade(trade: Trade): void {
    // A gateway replays the day's trades after a reconnect (as CTP does); count each one once.
    if (!this.seenTrades.add(trade.vtTradeId)) return
    // A trade can come after its order's final state dropped the owner entry; the order remembers who sent it.
    const name = this.owners.get(trade.vtOrderId) ?? (trade.reference || this.core.getOrder(trade.vtOrderId)?.reference)
    if (name !== undefined && this.find(name) !== undefined) this.onTrade(name, trade)
  }
}

import type { EventEngine } from '../engine'
import { DisposableStore } from '../../shared/disposable-store'
import {
  EVENT_ACCOUNT,
  EVENT_CONTRACT,
  EVENT_GATEWAY,
  EVENT_LOG,
  EVENT_ORDER,
  EVENT_POSITION,
  EVENT_TICK,
  EVENT_TRADE,
  EVENT_UNPOLLED,
} from '../../shared/events'
import {
  isActive,
  type Account,
  type Contract,
  type Direction,
  type GatewayStatus,
  type Log,
  type Order,
  type Position,
  type Tick,
  type Trade,
  type UnpolledFills,
} from '../../shared/objects'
import { LogStore } from './log-store'
import type { TradingHistory } from './trading-history'

/** How much of the past the caches keep beside the working orders. */
export interface OmsCapacity {
  /** Finished orders kept in memory, the most recent ones. */
  orders: number
  /** Trades kept in memory (and so in a window's snapshot), the most recent ones. */
  trades: number
  logs: number
}

/** What a restart gives back to the caches: the day as the journal kept it, oldest first. */
export interface RestoredState {
  orders: Order[]
  trades: Trade[]
  logs: Log[]
}

/**
 * The latest state of everything gateways report (vnpy's OmsEngine), kept by
 * handlers on the generic event types. Objects are stored as received:
 * gateways hand them over and nobody mutates them.
 *
 * Memory is bounded: working orders, plus the most recent finished orders
 * and trades up to the capacity; older ones live only in the journal
 * (`history`), where lookups by id still find them and where a replayed
 * trade is recognised as one already counted.
 */
export class Oms {
  readonly ticks = new Map<string, Tick>()
  readonly orders = new Map<string, Order>()
  readonly activeOrders = new Map<string, Order>()
  readonly trades = new Map<string, Trade>()
  readonly positions = new Map<string, Position>()
  readonly accounts = new Map<string, Account>()
  readonly contracts = new Map<string, Contract>()
  readonly gatewayStatuses = new Map<string, GatewayStatus>()
  readonly logs: LogStore
  /** Finished orders held in `orders`, oldest first: the first to go when there are too many. */
  private readonly finished = new Set<string>()
  /** Volume traded into (+) or out of (−) each position since its last snapshot: positions come only on polls. */
  private readonly tradedSinceSnapshot = new Map<string, number>()
  /** Accounts that funded a trade since their last snapshot. */
  private readonly tradedAccounts = new Set<string>()
  private readonly handlers = new DisposableStore()

  constructor(
    private readonly engine: EventEngine,
    private readonly capacity: OmsCapacity,
    private readonly history?: TradingHistory,
  ) {
    this.logs = new LogStore(capacity.logs)
    this.handlers.add(
      engine.register(EVENT_TICK, (event) => {
        const tick = event.data!
        this.ticks.set(tick.vtSymbol, tick)
      }),
      engine.register(EVENT_ORDER, (event) => this.keepOrder(event.data!)),
      engine.register(EVENT_TRADE, (event) => {
        const trade = event.data!
        if (this.trades.has(trade.vtTradeId) || this.history?.hasCommittedTrade(trade.vtTradeId)) return
        this.keepTrade(trade)
        const opens = trade.offset === 'OPEN'
        const side: Direction = opens ? trade.direction : trade.direction === 'LONG' ? 'SHORT' : 'LONG'
        const id = `${trade.gatewayName}.${trade.vtSymbol}.${side}`
        this.tradedSinceSnapshot.set(
          id,
          (this.tradedSinceSnapshot.get(id) ?? 0) + (opens ? trade.volume : -trade.volume),
        )
        const vtAccountId = this.accountOf(trade.vtSymbol, trade.gatewayName)
        if (vtAccountId !== undefined) this.tradedAccounts.add(vtAccountId)
        this.unpolledChanged()
      }),
      engine.register(EVENT_POSITION, (event) => {
        const position = event.data!
        this.positions.set(position.vtPositionId, position)
        if (this.tradedSinceSnapshot.delete(position.vtPositionId)) this.unpolledChanged()
      }),
      engine.register(EVENT_ACCOUNT, (event) => {
        const account = event.data!
        this.accounts.set(account.vtAccountId, account)
        if (this.tradedAccounts.delete(account.vtAccountId)) this.unpolledChanged()
      }),
      engine.register(EVENT_CONTRACT, (event) => {
        const contract = event.data!
        this.contracts.set(contract.vtSymbol, contract)
      }),
      engine.register(EVENT_GATEWAY, (event) => {
        const status = event.data!
        this.gatewayStatuses.set(status.gatewayName, status)
      }),
      engine.register(EVENT_LOG, (event) => this.logs.add(event.data!)),
    )
  }

  /**
   * Puts a restored day in the caches as it was, before any gateway reports:
   * nothing is dispatched again, and trades do not count towards positions
   * (the gateway reports those afresh).
   */
  restore(state: RestoredState): void {
    for (const order of state.orders) this.keepOrder(order)
    for (const trade of state.trades) this.keepTrade(trade)
    for (const log of state.logs) this.logs.add(log)
  }

  /** An order by id, wherever it is: in memory, or (finished long ago) in the journal. */
  getOrder(vtOrderId: string): Order | undefined {
    return this.orders.get(vtOrderId) ?? this.history?.order(vtOrderId)
  }

  getTrade(vtTradeId: string): Trade | undefined {
    return this.trades.get(vtTradeId) ?? this.history?.trade(vtTradeId)
  }

  /** Whether any gateway has reported this order, however long ago. */
  hasOrder(vtOrderId: string): boolean {
    return this.getOrder(vtOrderId) !== undefined
  }

  private keepOrder(order: Order): void {
    const id = order.vtOrderId
    this.orders.set(id, order)
    this.finished.delete(id)
    if (isActive(order)) {
      this.activeOrders.set(id, order)
      return
    }
    this.activeOrders.delete(id)
    this.finished.add(id)
    if (this.finished.size <= this.capacity.orders) return
    const oldest = this.finished.values().next().value!
    this.finished.delete(oldest)
    this.orders.delete(oldest)
  }

  private keepTrade(trade: Trade): void {
    this.trades.set(trade.vtTradeId, trade)
    if (this.trades.size > this.capacity.trades) this.trades.delete(this.trades.keys().next().value!)
  }

  /** A position's volume now: its last snapshot plus what traded since (0 if never held). */
  positionVolume(vtPositionId: string): number {
    return (this.positions.get(vtPositionId)?.volume ?? 0) + (this.tradedSinceSnapshot.get(vtPositionId) ?? 0)
  }

  /** The account that funds an instrument: the one its contract names, or the gateway's only account. */
  accountOf(vtSymbol: string, gatewayName: string): string | undefined {
    const accountId = this.contracts.get(vtSymbol)?.accountId
    if (accountId !== undefined) return `${gatewayName}.${accountId}`
    let only: string | undefined
    for (const account of this.accounts.values()) {
      if (account.gatewayName !== gatewayName) continue
      if (only !== undefined) return undefined
      only = account.vtAccountId
    }
    return only
  }

  unpolledFills(): UnpolledFills {
    return { positions: Object.fromEntries(this.tradedSinceSnapshot), accounts: [...this.tradedAccounts] }
  }

  /** Tells windows (and anyone listening) which fills the polls do not show yet: after a fill, and after the poll that shows it. */
  private unpolledChanged(): void {
    this.engine.put({ type: EVENT_UNPOLLED, data: this.unpolledFills() })
  }

  /** Unregisters every handler. */
  dispose(): void {
    this.handlers.dispose()
  }
}

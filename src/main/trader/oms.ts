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
} from '../../shared/events'
import {
  isActive,
  type Account,
  type Contract,
  type Direction,
  type GatewayStatus,
  type Order,
  type Position,
  type Tick,
  type Trade,
} from '../../shared/objects'
import { LogStore } from './log-store'

/** Fills the last polls do not show yet: the UI marks these positions and accounts as pending. */
export interface UnpolledFills {
  /** vtPositionId → volume traded into (+) or out of (−) it since its last snapshot. */
  positions: Record<string, number>
  /** vtAccountIds that funded a trade since their last snapshot. */
  accounts: string[]
}

/**
 * The latest state of everything gateways report (vnpy's OmsEngine), kept by
 * handlers on the generic event types. Objects are stored as received:
 * gateways hand them over and nobody mutates them.
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
  /** Volume traded into (+) or out of (−) each position since its last snapshot: positions come only on polls. */
  private readonly tradedSinceSnapshot = new Map<string, number>()
  /** Accounts that funded a trade since their last snapshot. */
  private readonly tradedAccounts = new Set<string>()
  private readonly handlers = new DisposableStore()

  constructor(engine: EventEngine, logCapacity: number) {
    this.logs = new LogStore(logCapacity)
    this.handlers.add(
      engine.register(EVENT_TICK, (event) => {
        const tick = event.data!
        this.ticks.set(tick.vtSymbol, tick)
      }),
      engine.register(EVENT_ORDER, (event) => {
        const order = event.data!
        this.orders.set(order.vtOrderId, order)
        if (isActive(order)) this.activeOrders.set(order.vtOrderId, order)
        else this.activeOrders.delete(order.vtOrderId)
      }),
      engine.register(EVENT_TRADE, (event) => {
        const trade = event.data!
        if (this.trades.has(trade.vtTradeId)) return
        this.trades.set(trade.vtTradeId, trade)
        const opens = trade.offset === 'OPEN'
        const side: Direction = opens ? trade.direction : trade.direction === 'LONG' ? 'SHORT' : 'LONG'
        const id = `${trade.gatewayName}.${trade.vtSymbol}.${side}`
        this.tradedSinceSnapshot.set(
          id,
          (this.tradedSinceSnapshot.get(id) ?? 0) + (opens ? trade.volume : -trade.volume),
        )
        const vtAccountId = this.accountOf(trade.vtSymbol, trade.gatewayName)
        if (vtAccountId !== undefined) this.tradedAccounts.add(vtAccountId)
      }),
      engine.register(EVENT_POSITION, (event) => {
        const position = event.data!
        this.positions.set(position.vtPositionId, position)
        this.tradedSinceSnapshot.delete(position.vtPositionId)
      }),
      engine.register(EVENT_ACCOUNT, (event) => {
        const account = event.data!
        this.accounts.set(account.vtAccountId, account)
        this.tradedAccounts.delete(account.vtAccountId)
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

  /** Unregisters every handler. */
  dispose(): void {
    this.handlers.dispose()
  }
}

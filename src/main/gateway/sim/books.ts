import type { Direction, Offset, Order, Trade } from '../../../shared/objects'
import type { Currency } from './instruments'
import type { Funds, SimPosition } from './ledger'
import type { MarketModel, MarketState } from './market'

/** Where the exchange sends order and trade updates as they happen. */
export interface ExchangeListener {
  onOrder(order: Order): void
  onTrade(trade: Trade): void
}

/**
 * Where the exchange records each change to its books as it makes it, so
 * that they can outlive the process (see `SimStore`). Objects are passed
 * live: the recorder reads them when it writes.
 */
export interface ExchangeRecorder {
  order(working: WorkingOrder): void
  trade(trade: Trade, tradingDay: string): void
  position(position: SimPosition): void
  funds(currency: Currency, funds: Funds): void
  /** A market opened a new trading day: the exchange forgot the old day's finished orders and trades. */
  rolled(market: MarketModel): void
}

/** An accepted order the exchange tracks for the day, with its terms in ticks and lots. */
export interface WorkingOrder {
  /** Its public state; updates are reported as copies. */
  order: Order
  market: MarketModel
  /** Arrival number: time priority among resting orders. */
  seq: number
  /** The trading day of its instrument it arrived on. */
  tradingDay: string
  /** OPEN or the close it really is (a stock sell sent with offset NONE is a close). */
  offset: Offset
  lots: number
  tradedLots: number
  /** Limit or stop price in ticks; undefined for a market order. */
  priceTicks: number | undefined
  /** Funds held per untraded lot (opens only): margin plus commission at the order's price. */
  frozenPerLot: number
  /** A stop order that has triggered trades as a market order. */
  triggered: boolean
}

/** An exchange's books as stored, for `SimExchange` to open as they were left. */
export interface StoredBooks {
  funds: Map<Currency, Funds>
  positions: {
    vtSymbol: string
    direction: Direction
    lots: number
    ydLots: number
    frozenLots: number
    cost: number
  }[]
  /** The day's orders in arrival order, without their market. */
  orders: Omit<WorkingOrder, 'market'>[]
  /** The day's trades in the order they happened. */
  trades: Trade[]
  markets: Map<string, MarketState>
  tradeCount: number
}

/** Whether the order can still trade (or be cancelled). */
export function isWorking(working: WorkingOrder): boolean {
  const status = working.order.status
  return status === 'NOTTRADED' || status === 'PARTTRADED'
}

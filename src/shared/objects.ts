/**
 * Trading objects, modelled on vnpy's `vnpy/trader/object.py` in camelCase.
 *
 * Enums are string unions with stable English values: they cross IPC and are
 * persisted, so they never change; display text comes from i18n.
 */
import type { Interval } from './intervals'

export type Direction = 'LONG' | 'SHORT' | 'NET'
export type Offset = 'NONE' | 'OPEN' | 'CLOSE' | 'CLOSETODAY' | 'CLOSEYESTERDAY'
export type OrderType = 'LIMIT' | 'MARKET' | 'STOP' | 'FAK' | 'FOK'
export type Status = 'SUBMITTING' | 'NOTTRADED' | 'PARTTRADED' | 'ALLTRADED' | 'CANCELLED' | 'REJECTED'
export type Exchange = 'CFFEX' | 'SHFE' | 'DCE' | 'CZCE' | 'INE' | 'SSE' | 'SZSE' | 'BINANCE' | 'LOCAL'
export type Product = 'FUTURES' | 'EQUITY' | 'SPOT' | 'OPTION' | 'INDEX'
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR'
export type GatewayState = 'connected' | 'connecting' | 'reconnecting' | 'disconnected'

export const OFFSETS: readonly Offset[] = ['NONE', 'OPEN', 'CLOSE', 'CLOSETODAY', 'CLOSEYESTERDAY']
export const ORDER_TYPES: readonly OrderType[] = ['LIMIT', 'MARKET', 'STOP', 'FAK', 'FOK']
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR']

/** Statuses in which an order can still trade or be cancelled (vnpy's ACTIVE_STATUSES). */
export const ACTIVE_STATUSES: ReadonlySet<Status> = new Set(['SUBMITTING', 'NOTTRADED', 'PARTTRADED'])

export function isActive(order: Pick<Order, 'status'>): boolean {
  return ACTIVE_STATUSES.has(order.status)
}

/** `symbol.EXCHANGE`, the key every object of one instrument shares. */
export function toVtSymbol(symbol: string, exchange: Exchange): string {
  return `${symbol}.${exchange}`
}

/** Every object pushed by a gateway carries its name. */
export interface BaseData {
  gatewayName: string
}

export interface Tick extends BaseData {
  symbol: string
  exchange: Exchange
  vtSymbol: string
  /** Exchange time, milliseconds since the epoch. */
  datetime: number
  name: string
  lastPrice: number
  lastVolume: number
  volume: number
  turnover: number
  openInterest: number
  openPrice: number
  highPrice: number
  lowPrice: number
  preClose: number
  limitUp: number
  limitDown: number
  bidPrice1: number
  bidPrice2: number
  bidPrice3: number
  bidPrice4: number
  bidPrice5: number
  askPrice1: number
  askPrice2: number
  askPrice3: number
  askPrice4: number
  askPrice5: number
  bidVolume1: number
  bidVolume2: number
  bidVolume3: number
  bidVolume4: number
  bidVolume5: number
  askVolume1: number
  askVolume2: number
  askVolume3: number
  askVolume4: number
  askVolume5: number
}

export interface Bar extends BaseData {
  symbol: string
  exchange: Exchange
  vtSymbol: string
  /** Bar open time, milliseconds since the epoch. */
  datetime: number
  /** Bar length in minutes. */
  interval: number
  volume: number
  turnover: number
  openInterest: number
  openPrice: number
  highPrice: number
  lowPrice: number
  closePrice: number
}

export interface Order extends BaseData {
  symbol: string
  exchange: Exchange
  vtSymbol: string
  orderId: string
  /** `gatewayName.orderId` */
  vtOrderId: string
  type: OrderType
  direction: Direction
  offset: Offset
  price: number
  volume: number
  traded: number
  status: Status
  /** Milliseconds since the epoch. */
  datetime: number
  /** Who sent it: 'manual', or a strategy's name. */
  reference: string
  /** Why it was rejected, when status is REJECTED, in English (files, NATS, older windows). */
  rejectReason?: string
  /**
   * The reason as a message code (src/shared/messages.ts), for a window to
   * show in the user's language; a newer host may send a code this build
   * does not know, so it is read as text.
   */
  rejectCode?: string
  /** The code's parameters. */
  rejectParams?: Record<string, unknown>
}

export interface Trade extends BaseData {
  symbol: string
  exchange: Exchange
  vtSymbol: string
  orderId: string
  vtOrderId: string
  tradeId: string
  /** `gatewayName.tradeId` */
  vtTradeId: string
  direction: Direction
  offset: Offset
  price: number
  volume: number
  datetime: number
  reference: string
  commission: number
}

export interface Position extends BaseData {
  symbol: string
  exchange: Exchange
  vtSymbol: string
  direction: Direction
  /** `gatewayName.vtSymbol.direction` */
  vtPositionId: string
  volume: number
  ydVolume: number
  frozen: number
  /** Average open price. */
  price: number
  /** Mark-to-market profit and loss. */
  pnl: number
  margin: number
}

export interface Account extends BaseData {
  accountId: string
  /** `gatewayName.accountId` */
  vtAccountId: string
  balance: number
  frozen: number
  available: number
  margin: number
  commission: number
  closePnl: number
  positionPnl: number
}

/**
 * Fills the last polls do not show yet. Positions and accounts come only on
 * polls (as from CTP), seconds after a fill: until then a window marks them
 * pending, so nobody reads the position before the fill as the one after it.
 */
export interface UnpolledFills {
  /** vtPositionId → volume traded into (+) or out of (−) it since its last snapshot. */
  positions: Record<string, number>
  /** vtAccountIds that funded a trade since their last snapshot. */
  accounts: string[]
}

export interface Contract extends BaseData {
  symbol: string
  exchange: Exchange
  vtSymbol: string
  name: string
  product: Product
  /** Contract multiplier. */
  size: number
  pricetick: number
  minVolume: number
  marginRate: number
  /** Commission as a fraction of turnover. */
  commissionRate: number
  /** The account (its accountId) that funds trades in it, when a gateway keeps several, one per currency. */
  accountId?: string
}

export interface Log {
  /** Milliseconds since the epoch. */
  time: number
  level: LogLevel
  /** Where it came from: 'engine', a gateway name, 'risk', a strategy name, … */
  source: string
  /** In English: what log files, NATS and older windows show. */
  message: string
  /**
   * The message as a code (src/shared/messages.ts), when the host wrote it:
   * a window shows it in the user's language (a code it does not know, in
   * English).
   */
  code?: string
  /** The code's parameters. */
  params?: Record<string, unknown>
  /** Stack trace, for errors thrown by handlers and strategies. */
  stack?: string
}

export interface GatewayStatus {
  gatewayName: string
  state: GatewayState
  message?: string
  time: number
}

export interface SubscribeRequest {
  symbol: string
  exchange: Exchange
}

export interface OrderRequest {
  symbol: string
  exchange: Exchange
  direction: Direction
  type: OrderType
  volume: number
  price: number
  offset: Offset
  reference?: string
}

export interface CancelRequest {
  orderId: string
  symbol: string
  exchange: Exchange
}

/**
 * A request for past bars (vnpy's `HistoryRequest`): the bars of `interval`
 * (default 1-minute) that open at or after `start` and hold only minutes
 * closed by `end` (default: now), so the minute in progress is never
 * included; the last bar may be partial. Times are epoch milliseconds.
 */
export interface HistoryRequest {
  symbol: string
  exchange: Exchange
  start: number
  end?: number
  interval?: Interval
}

/** Who sent an order when no strategy did. */
export const MANUAL_REFERENCE = 'manual'

/** The request that cancels an order (vnpy's `OrderData.create_cancel_request`). */
export function createCancelRequest(order: Pick<Order, 'orderId' | 'symbol' | 'exchange'>): CancelRequest {
  return { orderId: order.orderId, symbol: order.symbol, exchange: order.exchange }
}

/** The order a request becomes once a gateway (or the risk check) gives it an id (vnpy's `create_order_data`). */
export function createOrderData(
  req: OrderRequest,
  orderId: string,
  gatewayName: string,
  status: Status,
  datetime: number,
): Order {
  return {
    gatewayName,
    symbol: req.symbol,
    exchange: req.exchange,
    vtSymbol: toVtSymbol(req.symbol, req.exchange),
    orderId,
    vtOrderId: `${gatewayName}.${orderId}`,
    type: req.type,
    direction: req.direction,
    offset: req.offset,
    price: req.price,
    volume: req.volume,
    traded: 0,
    status,
    datetime,
    reference: req.reference ?? MANUAL_REFERENCE,
  }
}

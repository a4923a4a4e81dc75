import type { EventEngine } from '../engine'
import type {
  Bar,
  CancelRequest,
  Contract,
  LogLevel,
  Order,
  OrderRequest,
  SubscribeRequest,
} from '../../shared/objects'

/** What the strategy engine needs from the trading core (MainEngine satisfies it). */
export interface StrategyTradingCore {
  readonly engine: EventEngine
  sendOrder(req: OrderRequest, gatewayName: string): string
  cancelOrder(req: CancelRequest, gatewayName: string): void
  subscribe(req: SubscribeRequest, gatewayName: string): void
  getContract(vtSymbol: string): Contract | undefined
  getOrder(vtOrderId: string): Order | undefined
  writeLog(message: string, source?: string, level?: LogLevel): void
  /** The trading clock, epoch milliseconds. */
  now(): number
}

/** 1-minute bars of the last `days` days for warm-up, oldest first. */
export type HistorySource = (vtSymbol: string, days: number) => Promise<Bar[]>

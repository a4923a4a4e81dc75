import type { EventEngine } from '../engine'
import type {
  Bar,
  CancelRequest,
  Contract,
  HistoryRequest,
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
  /** Past 1-minute bars from the gateway named, oldest first: the warm-up bars. */
  queryHistory(req: HistoryRequest, gatewayName: string): Promise<Bar[]>
  writeLog(message: string, source?: string, level?: LogLevel): void
  /** The trading clock, epoch milliseconds. */
  now(): number
}

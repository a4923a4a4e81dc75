import type { EventEngine } from '../engine'
import type {
  Account,
  CancelRequest,
  Contract,
  GatewayStatus,
  Log,
  Order,
  OrderRequest,
  Position,
  SubscribeRequest,
  Tick,
  Trade,
} from '../../shared/objects'

/**
 * What the bridge needs from the trading core (`MainEngine` satisfies it):
 * the latest state for snapshots, and the verbs commands call.
 */
export interface TradingCore {
  readonly engine: EventEngine
  getAllTicks(): Tick[]
  getAllOrders(): Order[]
  getAllActiveOrders(): Order[]
  getAllTrades(): Trade[]
  getAllPositions(): Position[]
  getAllAccounts(): Account[]
  getAllContracts(): Contract[]
  getAllLogs(): Log[]
  /** Logs no longer held in memory. */
  getLogsDropped(): number
  getAllGatewayStatuses(): GatewayStatus[]
  getAllGatewayNames(): string[]
  getContract(vtSymbol: string): Contract | undefined
  getOrder(vtOrderId: string): Order | undefined
  connect(setting: Record<string, number | string | boolean>, gatewayName: string): void
  disconnect(gatewayName: string): void
  subscribe(req: SubscribeRequest, gatewayName: string): void
  sendOrder(req: OrderRequest, gatewayName: string): string
  cancelOrder(req: CancelRequest, gatewayName: string): void
  cancelAll(): void
}

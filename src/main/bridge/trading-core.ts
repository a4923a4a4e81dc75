import type { EventEngine } from '../engine'
import type { Gateway } from '../gateway/gateway'
import type { HostMessage } from '../../shared/messages'
import type {
  Account,
  Bar,
  CancelRequest,
  Contract,
  GatewayStatus,
  HistoryRequest,
  Log,
  LogLevel,
  Order,
  OrderRequest,
  Position,
  SubscribeRequest,
  Tick,
  Trade,
  UnpolledFills,
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
  /** Fills the last position and account polls do not show yet. */
  getUnpolledFills(): UnpolledFills
  getAllGatewayNames(): string[]
  /** A gateway by name, for its connection settings' description. */
  getGateway(gatewayName: string): Pick<Gateway, 'defaultSetting' | 'settingFields'> | undefined
  getContract(vtSymbol: string): Contract | undefined
  getOrder(vtOrderId: string): Order | undefined
  connect(setting: Record<string, number | string | boolean>, gatewayName: string): void
  disconnect(gatewayName: string): void
  subscribe(req: SubscribeRequest, gatewayName: string): void
  sendOrder(req: OrderRequest, gatewayName: string): string
  cancelOrder(req: CancelRequest, gatewayName: string): void
  cancelAll(): void
  /** Past 1-minute bars from a gateway, oldest first; none when it has no history service. */
  queryHistory(req: HistoryRequest, gatewayName: string): Promise<Bar[]>
  /** The trading clock, epoch milliseconds. */
  now(): number
  /** A host message (shown in each window's language), or plain text. */
  writeLog(message: string | HostMessage, source?: string, level?: LogLevel): void
}

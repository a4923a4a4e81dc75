import type { EventEngine } from '../engine'
import type { HostMessage } from '../../shared/messages'
import { MINUTE } from '../../shared/numbers'
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
  writeLog(message: string | HostMessage, source?: string, level?: LogLevel): void
  /** The trading clock, epoch milliseconds. */
  now(): number
  /** Whether a trade was counted before the turn in progress (the journal knows it): a replay. */
  hasCommittedTrade?(vtTradeId: string): boolean
}

/** A calendar day: warm-up asks for the bars of the last `days` of them, as vnpy's `load_bar` does. */
const DAY = 24 * 60 * MINUTE

/** A strategy's warm-up bars: from the gateway its instrument trades on, through the trading core, as the chart's come. */
export async function warmUpBars(core: StrategyTradingCore, vtSymbol: string, days: number): Promise<Bar[]> {
  const contract = core.getContract(vtSymbol)
  if (contract === undefined) return []
  const start = core.now() - days * DAY
  return core.queryHistory({ symbol: contract.symbol, exchange: contract.exchange, start }, contract.gatewayName)
}

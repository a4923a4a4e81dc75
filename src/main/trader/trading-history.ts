import type { Order, Trade } from '../../shared/objects'

/**
 * Where orders and trades the trading core no longer holds in memory are
 * still found: the journal. Lookups by id (a strategy's `getOrder`, the risk
 * check's bookkeeping, trade de-duplication) go on working for them.
 */
export interface TradingHistory {
  order(vtOrderId: string): Order | undefined
  trade(vtTradeId: string): Trade | undefined
  /**
   * Whether a trade was committed before the turn in progress: a gateway
   * replaying a known trade, not a new one (which is committed only at the
   * end of the slice that handles it).
   */
  hasCommittedTrade(vtTradeId: string): boolean
}

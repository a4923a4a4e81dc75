import type { Exchange } from '../../shared/objects'
import { tradingDayOf as marketTradingDay } from '../../shared/trading-day'

/**
 * The trading day an order, trade or log belongs to, as `YYYY-MM-DD`: the
 * journal keys its rows by it, and a restart restores the current one. The
 * instrument's market decides (src/shared/trading-day.ts: a Chinese futures
 * night session belongs to the next trading day); `vtSymbol` is undefined
 * for what belongs to the desk rather than to one instrument (logs), which
 * follow the desk's own (LOCAL) day.
 */
export function tradingDayOf(vtSymbol: string | undefined, time: number): string {
  const exchange = vtSymbol === undefined ? 'LOCAL' : (vtSymbol.slice(vtSymbol.lastIndexOf('.') + 1) as Exchange)
  return marketTradingDay({ exchange }, time)
}

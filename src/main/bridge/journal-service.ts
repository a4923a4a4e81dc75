import type { CommandRequest } from '../../shared/contract'
import type { JournalStatus } from '../../shared/push'
import type { HistoryPage } from '../../shared/history'
import type { Log, Order, Trade } from '../../shared/objects'

/**
 * What the bridge needs from the journal (`Journal` satisfies it): its
 * health for the status bar, and the history a window pages through.
 */
export interface JournalService {
  status(): JournalStatus
  queryOrders(query: CommandRequest<'orders:query'>): HistoryPage<Order>
  queryTrades(query: CommandRequest<'trades:query'>): HistoryPage<Trade>
  queryLogs(query: CommandRequest<'logs:query'>): HistoryPage<Log>
}

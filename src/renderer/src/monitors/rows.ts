import type { FrameChanges, LiveStore } from '../live/live-store'
import type { MonitorRows, MonitorSource } from './monitor'

/** Every row a monitor's source holds now, oldest first. */
export function allRows<S extends MonitorSource>(store: LiveStore, source: S): MonitorRows[S][] {
  switch (source) {
    case 'tick':
      return [...store.ticks.values()] as MonitorRows[S][]
    case 'order':
      return [...store.orders.values()] as MonitorRows[S][]
    case 'trade':
      return [...store.trades.values()] as MonitorRows[S][]
    case 'position':
      return [...store.positions.values()] as MonitorRows[S][]
    case 'account':
      return [...store.accounts.values()] as MonitorRows[S][]
    case 'contract':
      return [...store.contracts.values()] as MonitorRows[S][]
    default:
      return [...store.logs.all()] as MonitorRows[S][]
  }
}

/** The rows of one source that a frame changed, and those it removed. */
export function changedRows<S extends MonitorSource>(
  changes: FrameChanges,
  source: S,
): { upserts: MonitorRows[S][]; removed: MonitorRows[S][] } {
  if (source === 'log')
    return { upserts: changes.logsAdded as MonitorRows[S][], removed: changes.logsEvicted as MonitorRows[S][] }
  const removed = source === 'trade' ? (changes.tradesEvicted as MonitorRows[S][]) : []
  return { upserts: changes[source as Exclude<MonitorSource, 'log'>] as MonitorRows[S][], removed }
}

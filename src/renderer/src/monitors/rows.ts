import type { FrameChanges } from '../live/frame'
import type { LiveStore } from '../live/live-store'
import type { MonitorRows, MonitorSource } from './monitor'

/** The store's map of a keyed source's rows; log lines are a list, not a map. */
function rowMap<S extends Exclude<MonitorSource, 'log'>>(store: LiveStore, source: S): Map<string, MonitorRows[S]> {
  const maps: { [K in Exclude<MonitorSource, 'log'>]: Map<string, MonitorRows[K]> } = {
    tick: store.ticks,
    order: store.orders,
    trade: store.trades,
    position: store.positions,
    account: store.accounts,
    contract: store.contracts,
  }
  return maps[source]
}

/** Every row a monitor's source holds now, oldest first. */
export function allRows<S extends MonitorSource>(store: LiveStore, source: S): MonitorRows[S][] {
  if (source === 'log') return [...store.logs.all()] as MonitorRows[S][]
  return [...rowMap(store, source as Exclude<MonitorSource, 'log'>).values()] as MonitorRows[S][]
}

/**
 * The row `row` is now, as the store holds it: what a row action or a
 * double-click must act on. The grid's copy may be older (value updates are
 * redrawn at a pace, and a button keeps the row it was drawn with). Log lines
 * never change; a row the store no longer holds is gone (undefined).
 */
export function currentRow<S extends MonitorSource>(
  store: LiveStore,
  source: S,
  key: string,
  row: MonitorRows[S],
): MonitorRows[S] | undefined {
  if (source === 'log') return row
  return rowMap(store, source as Exclude<MonitorSource, 'log'>).get(key) as MonitorRows[S] | undefined
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

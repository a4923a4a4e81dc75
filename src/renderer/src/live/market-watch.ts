import type { EventDeskApi } from '../../../shared/contract'
import type { LiveStore } from './live-store'

/**
 * Subscribes the market data of every contract the window learns of, so the
 * market table fills without the user naming each instrument first. Each
 * contract is asked for once per snapshot: a snapshot without an instrument's
 * tick (from a host that restarted, and so forgot its subscriptions) asks
 * again for it. Returns the unsubscribe.
 */
export function watchAllContracts(store: LiveStore, api: EventDeskApi): () => void {
  const asked = new Set<string>()
  return store.onFrame((changes) => {
    if (!changes.reset && changes.contract.length === 0) return
    if (changes.reset) asked.clear()
    const fresh: string[] = []
    for (const vtSymbol of store.contracts.keys()) {
      if (asked.has(vtSymbol) || store.ticks.has(vtSymbol)) continue
      asked.add(vtSymbol)
      fresh.push(vtSymbol)
    }
    for (let i = 0; i < fresh.length; i += 1000)
      void api.invoke('market:subscribe', { vtSymbols: fresh.slice(i, i + 1000) })
  })
}

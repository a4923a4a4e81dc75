import type { Contract } from '../../../shared/objects'
import { useApi, useLiveStore } from '../live/inject'
import { useTicket } from '../stores/ticket'

/**
 * Puts an instrument on the ticket (and so on the chart), priced at its last
 * price; one with no ticks yet is not subscribed, so its market data is
 * asked for. The ticket's symbol field and the Contracts dialog choose this way.
 */
export function useChooseInstrument(): (contract: Contract) => void {
  const api = useApi()
  const store = useLiveStore()
  const ticket = useTicket()
  return (contract) => {
    ticket.chooseInstrument(contract.vtSymbol, store.ticks.get(contract.vtSymbol)?.lastPrice)
    if (!store.ticks.has(contract.vtSymbol)) void api.invoke('market:subscribe', { vtSymbols: [contract.vtSymbol] })
  }
}

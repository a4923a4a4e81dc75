import type { Contract } from '../../../shared/objects'

/**
 * Whether a contract matches what the trader typed: its code (symbol or
 * vtSymbol) or its name contains the text, case-insensitively ("btc" finds
 * BTCUSDT, "茅台" finds 600519 贵州茅台). Empty text matches everything.
 */
export function matchesContract(contract: Contract, text: string): boolean {
  const wanted = text.trim().toLowerCase()
  if (wanted === '') return true
  return contract.vtSymbol.toLowerCase().includes(wanted) || contract.name.toLowerCase().includes(wanted)
}

/**
 * The contracts matching `text`, best first: codes that start with it, then
 * names that start with it, then the rest; by code within each. The Contracts
 * dialog and the ticket's symbol field search the same way through this.
 */
export function searchContracts(contracts: Iterable<Contract>, text: string): Contract[] {
  const wanted = text.trim().toLowerCase()
  const rank = (contract: Contract): number =>
    contract.symbol.toLowerCase().startsWith(wanted) ? 0 : contract.name.toLowerCase().startsWith(wanted) ? 1 : 2
  return [...contracts]
    .filter((contract) => matchesContract(contract, wanted))
    .sort((a, b) => rank(a) - rank(b) || a.vtSymbol.localeCompare(b.vtSymbol))
}

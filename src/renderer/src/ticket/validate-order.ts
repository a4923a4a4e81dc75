import type { Contract, OrderType } from '../../../shared/objects'
import type { FieldError } from '../forms/field-error'
import { isMultipleOf } from '../../../shared/numbers'

export interface TicketFields {
  vtSymbol: string
  type: OrderType
  price: number | undefined
  volume: number | undefined
}

export type TicketErrors = Partial<Record<'symbol' | 'price' | 'volume', FieldError>>

/**
 * What is wrong with the ticket before anything is sent: an unknown symbol, a
 * price that is missing or off the price tick (market orders need none), a
 * volume that is missing or not a multiple of the minimum volume.
 */
export function validateTicket(fields: TicketFields, contract: Contract | undefined): TicketErrors {
  const errors: TicketErrors = {}
  if (contract === undefined) errors.symbol = { key: 'ticket.unknownSymbol' }
  if (fields.type !== 'MARKET') {
    if (fields.price === undefined || !Number.isFinite(fields.price) || fields.price <= 0)
      errors.price = { key: 'ticket.priceRequired' }
    else if (contract !== undefined && !isMultipleOf(fields.price, contract.pricetick))
      errors.price = { key: 'ticket.priceStep', params: { tick: contract.pricetick } }
  }
  if (fields.volume === undefined || !Number.isFinite(fields.volume) || fields.volume <= 0)
    errors.volume = { key: 'ticket.volumeRequired' }
  else if (contract !== undefined && !isMultipleOf(fields.volume, contract.minVolume))
    errors.volume = { key: 'ticket.volumeStep', params: { step: contract.minVolume } }
  return errors
}

/** The contract a typed symbol means: an exact vtSymbol, or a bare symbol that only one contract has. */
export function resolveSymbol(typed: string, contracts: Iterable<Contract>): Contract | undefined {
  const text = typed.trim()
  if (text === '') return undefined
  const lower = text.toLowerCase()
  const bySymbol: Contract[] = []
  for (const contract of contracts) {
    if (contract.vtSymbol.toLowerCase() === lower) return contract
    if (contract.symbol.toLowerCase() === lower) bySymbol.push(contract)
  }
  return bySymbol.length === 1 ? bySymbol[0] : undefined
}

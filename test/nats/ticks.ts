import { TICK_NUMBERS } from '../../src/shared/object-schemas'
import type { OrderRequest, Tick } from '../../src/shared/objects'

/**
 * A tick whose every number is different (`seed * 1000 + its place + 0.25`), so a field read from the wrong
 * place shows.
 */
export function numberedTick(seed: number, vtSymbol = 'IF2612.CFFEX'): Tick {
  const [symbol, exchange] = vtSymbol.split('.')
  const t: Record<string, unknown> = { gatewayName: 'SIM', symbol, exchange, vtSymbol, name: '沪深300 2612' }
  TICK_NUMBERS.forEach((key, i) => (t[key] = seed * 1000 + i + 0.25))
  return t as unknown as Tick
}

/** The order the NATS tests trade: a market buy of IF2612 that the sim fills at once. */
export function marketBuy(volume = 1): OrderRequest {
  return { symbol: 'IF2612', exchange: 'CFFEX', direction: 'LONG', offset: 'OPEN', type: 'MARKET', price: 0, volume }
}

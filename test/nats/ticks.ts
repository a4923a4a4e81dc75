import { TICK_NUMBERS } from '../../src/shared/object-schemas'
import type { Tick } from '../../src/shared/objects'

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

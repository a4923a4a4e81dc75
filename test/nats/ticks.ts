import type { Tick } from '../../src/shared/objects'

const NUMBERS = [
  'datetime',
  'lastPrice',
  'lastVolume',
  'volume',
  'turnover',
  'openInterest',
  'openPrice',
  'highPrice',
  'lowPrice',
  'preClose',
  'limitUp',
  'limitDown',
  ...[1, 2, 3, 4, 5].flatMap((l) => [`bidPrice${l}`, `askPrice${l}`, `bidVolume${l}`, `askVolume${l}`]),
]

/** A tick whose every number is different (`seed * 1000 + its place + 0.25`), so a field read from the wrong place shows. */
export function numberedTick(seed: number, vtSymbol = 'IF2612.CFFEX'): Tick {
  const [symbol, exchange] = vtSymbol.split('.')
  const t: Record<string, unknown> = { gatewayName: 'SIM', symbol, exchange, vtSymbol, name: '沪深300 2612' }
  NUMBERS.forEach((key, i) => (t[key] = seed * 1000 + i + 0.25))
  return t as unknown as Tick
}

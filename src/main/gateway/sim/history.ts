import { MINUTE, decimalPlaces } from '../../../shared/numbers'
import { toVtSymbol, type Bar } from '../../../shared/objects'
import type { InstrumentSpec } from './instruments'
import { Random, streamSeed } from './random'

/** A trading day of the simulated exchange, in 1-minute bars (a futures day session). */
export const BARS_PER_DAY = 240

/**
 * The 1-minute bars behind `SimGateway.queryHistory`: `days` trading days
 * (of BARS_PER_DAY bars) ending with the minute before `end`, walked
 * backwards from `lastPrice` so history joins the live market without a
 * gap. Seeded: the same request gives the same bars.
 */
export function simHistory(
  spec: InstrumentSpec,
  days: number,
  end: number,
  lastPrice: number,
  seed: number,
  gatewayName: string,
): Bar[] {
  const count = Math.max(0, Math.round(days * BARS_PER_DAY))
  const random = new Random(streamSeed(seed, `history:${spec.symbol}`))
  const tick = spec.pricetick
  const decimals = decimalPlaces(tick)
  const snap = (price: number): number => Number(Math.max(tick, Math.round(price / tick) * tick).toFixed(decimals))
  const sigma = spec.volatility * Math.sqrt(60)
  const lots = spec.tradeLots * 60
  const lastMinute = Math.floor(end / MINUTE) * MINUTE - MINUTE
  const vtSymbol = toVtSymbol(spec.symbol, spec.exchange)

  const bars: Bar[] = new Array<Bar>(count)
  let close = Math.log(lastPrice)
  for (let i = count - 1; i >= 0; i--) {
    const open = close - sigma * random.normal()
    const wick = Math.abs(sigma * random.normal()) / 2
    const closePrice = snap(Math.exp(close))
    const openPrice = snap(Math.exp(open))
    const volume = Math.round(lots * (0.5 + random.next())) * spec.minVolume
    bars[i] = {
      symbol: spec.symbol,
      exchange: spec.exchange,
      vtSymbol,
      gatewayName,
      datetime: lastMinute - (count - 1 - i) * MINUTE,
      interval: 1,
      openPrice,
      closePrice,
      highPrice: snap(Math.max(openPrice, closePrice) * Math.exp(wick)),
      lowPrice: snap(Math.min(openPrice, closePrice) * Math.exp(-wick)),
      volume,
      turnover: volume * ((openPrice + closePrice) / 2) * spec.size,
      openInterest: spec.openInterest,
    }
    close = open
  }
  return bars
}

/**
 * How numbers read on a trading screen: an instrument's prices with the
 * precision of its price tick, volumes as integers, signs on anything that
 * can be a gain or a loss.
 */
import { decimalPlaces } from '../../../shared/numbers'

/** Decimal places a price needs to show one price tick (0.2 → 1, 0.05 → 2, 1 → 0). */
export function decimalsOfTick(pricetick: number | undefined): number {
  if (pricetick === undefined || !Number.isFinite(pricetick) || pricetick <= 0) return 2
  return decimalPlaces(pricetick)
}

const groupedCache = new Map<number, Intl.NumberFormat>()

/** A number with grouping and a fixed number of decimals; '' for missing values. */
export function formatNumber(value: number | undefined, decimals: number): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return ''
  let format = groupedCache.get(decimals)
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    groupedCache.set(decimals, format)
  }
  return format.format(value)
}

/** A volume: whole lots without decimals, fractional ones (0.001 BTC) with as many as they have, up to six. */
export function formatVolume(value: number): string {
  return Number.isInteger(value) ? formatNumber(value, 0) : formatNumber(value, Math.min(6, decimalPlaces(value)))
}

/** Like formatNumber, with an explicit '+' on gains so colour is never the only cue. */
export function formatSigned(value: number | undefined, decimals: number): string {
  if (value === undefined || !Number.isFinite(value)) return ''
  // Round first, so a tiny loss shows as 0.00 and not -0.00.
  const rounded = Number(value.toFixed(decimals)) || 0
  const text = formatNumber(rounded, decimals)
  return rounded > 0 ? `+${text}` : text
}

/** -1, 0 or 1, treating values that round to zero at `decimals` as zero. */
export function signOf(value: number | undefined, decimals = 8): -1 | 0 | 1 {
  if (value === undefined || !Number.isFinite(value)) return 0
  const rounded = Number(value.toFixed(decimals))
  return rounded > 0 ? 1 : rounded < 0 ? -1 : 0
}

/** Rounds a price to the nearest multiple of the price tick, without float dust. */
export function roundToTick(price: number, pricetick: number): number {
  if (!(pricetick > 0)) return price
  return Number((Math.round(price / pricetick) * pricetick).toFixed(decimalsOfTick(pricetick)))
}

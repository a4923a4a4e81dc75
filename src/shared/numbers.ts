/**
 * Decimal places in a number as written (0.2 → 1, 0.05 → 2, 1.5e-8 → 9, 3 → 0),
 * at most 10: the precision of a price tick, or of a volume to show.
 */
export function decimalPlaces(value: number): number {
  const [mantissa, exponent] = String(value).split('e')
  const dot = mantissa.indexOf('.')
  const places = (dot < 0 ? 0 : mantissa.length - dot - 1) - Number(exponent ?? 0)
  return Math.min(10, Math.max(0, places))
}

/** A minute in epoch milliseconds: the length of a 1-minute bar. */
export const MINUTE = 60_000

/** `value` to at most `decimals` places, for a figure in a message or a report (round(0.1 + 0.2, 2) → 0.3). */
export function round(value: number, decimals: number): number {
  const scale = 10 ** decimals
  return Math.round(value * scale) / scale
}

/**
 * Whether `value` is a whole multiple of `step` within float noise (3900.4 of
 * a 0.2 tick is): a price on the price tick, a volume in minimum lots. Every
 * value is a multiple of a step that is not positive (no tick: no constraint).
 */
export function isMultipleOf(value: number, step: number): boolean {
  if (!(step > 0)) return true
  const ratio = value / step
  return Math.abs(ratio - Math.round(ratio)) < 1e-6
}

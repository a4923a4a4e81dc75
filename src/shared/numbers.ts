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

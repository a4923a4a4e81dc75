import type { Direction, Exchange, Offset, Position } from '../../../shared/objects'

/**
 * Exchanges that close today's and yesterday's lots with different offsets
 * (CTP's SHFE and INE): a plain CLOSE there takes yesterday's lots only.
 */
const CLOSES_TODAY_APART: ReadonlySet<Exchange> = new Set(['SHFE', 'INE'])

/** One order of a close: its offset and volume. */
export interface ClosingLeg {
  offset: Offset
  volume: number
}

/** The orders that close a position in full: one, or two where the exchange closes today's lots apart. */
export interface ClosingOrder {
  vtSymbol: string
  direction: Exclude<Direction, 'NET'>
  legs: [ClosingLeg] | [ClosingLeg, ClosingLeg]
}

/**
 * What closes `position` now: the opposite direction, its whole volume, and
 * the offset its exchange needs. On SHFE and INE, today's lots (volume less
 * `ydVolume`) close with CLOSETODAY and yesterday's with CLOSEYESTERDAY;
 * holding both takes two orders, today's first, as vnpy's offset converter
 * splits them.
 */
export function closingOrder(position: Position): ClosingOrder {
  const long = position.direction === 'LONG' || (position.direction === 'NET' && position.volume > 0)
  const direction = long ? 'SHORT' : 'LONG'
  const volume = Math.abs(position.volume)
  const base = { vtSymbol: position.vtSymbol, direction } as const
  if (!CLOSES_TODAY_APART.has(position.exchange)) return { ...base, legs: [{ offset: 'CLOSE', volume }] }
  const yesterday = Math.min(volume, Math.max(0, position.ydVolume))
  const today = volume - yesterday
  if (today === 0) return { ...base, legs: [{ offset: 'CLOSEYESTERDAY', volume }] }
  if (yesterday === 0) return { ...base, legs: [{ offset: 'CLOSETODAY', volume }] }
  return {
    ...base,
    legs: [
      { offset: 'CLOSETODAY', volume: today },
      { offset: 'CLOSEYESTERDAY', volume: yesterday },
    ],
  }
}

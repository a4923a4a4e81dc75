import type { Direction } from '../../../shared/objects'
import { BOOK_LEVELS, type Book } from './market'

/** One fill against one book level. */
export interface Fill {
  ticks: number
  lots: number
}

/** Whether a buy (`LONG`) at `limitTicks` may trade against a level at `levelTicks`, or a sell may. */
function crosses(direction: Direction, levelTicks: number, limitTicks: number): boolean {
  return direction === 'LONG' ? levelTicks <= limitTicks : levelTicks >= limitTicks
}

/** Lots an order on `direction` could take at `limitTicks` or better (undefined: at any price). */
export function crossingLots(book: Book, direction: Direction, limitTicks?: number): number {
  const ticks = direction === 'LONG' ? book.askTicks : book.bidTicks
  const lots = direction === 'LONG' ? book.askLots : book.bidLots
  let total = 0
  for (let i = 0; i < BOOK_LEVELS; i++) {
    if (lots[i] === 0) continue
    if (limitTicks !== undefined && !crosses(direction, ticks[i], limitTicks)) break
    total += lots[i]
  }
  return total
}

/**
 * Takes up to `wanted` lots from the opposite side, best level first, at each
 * level's own price and no worse than `limitTicks`; what it takes is gone
 * from the book until the market's next step. `dryRun` only reports.
 */
export function sweep(book: Book, direction: Direction, wanted: number, limitTicks?: number, dryRun = false): Fill[] {
  const ticks = direction === 'LONG' ? book.askTicks : book.bidTicks
  const lots = direction === 'LONG' ? book.askLots : book.bidLots
  const fills: Fill[] = []
  for (let i = 0; i < BOOK_LEVELS && wanted > 0; i++) {
    if (lots[i] === 0) continue
    if (limitTicks !== undefined && !crosses(direction, ticks[i], limitTicks)) break
    const take = Math.min(wanted, lots[i])
    fills.push({ ticks: ticks[i], lots: take })
    wanted -= take
    if (!dryRun) lots[i] -= take
  }
  return fills
}

/** Takes up to `wanted` lots of the liquidity crossing a resting order's price, which fills at its own price. */
export function takeCrossing(book: Book, direction: Direction, wanted: number, limitTicks: number): number {
  let taken = 0
  for (const fill of sweep(book, direction, wanted, limitTicks)) taken += fill.lots
  return taken
}

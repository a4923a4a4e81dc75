import type { CommandResult, EventDeskApi } from '../../../shared/contract'
import { MINUTE } from '../../../shared/numbers'
import { barToCandle, type CandleBook } from './candle-book'

/** Minutes of history the chart asks for when it shows an instrument: a trading day of the simulated exchange. */
export const HISTORY_MINUTES = 240

/**
 * Asks the host for an instrument's recent 1-minute bars and puts them before
 * the bars built from ticks (see `CandleBook.seed`: live bars win). Resolves
 * to how many bars were added; a failed or refused request adds none and
 * leaves the chart on ticks alone.
 */
export async function loadHistory(
  api: EventDeskApi,
  book: CandleBook,
  vtSymbol: string,
  minutes = HISTORY_MINUTES,
): Promise<number> {
  let result: CommandResult<'market:history'>
  try {
    result = await api.invoke('market:history', { vtSymbol, minutes })
  } catch (err) {
    console.warn(`[chart] history of ${vtSymbol} failed`, err)
    return 0
  }
  if (!result.ok) {
    console.warn(`[chart] history of ${vtSymbol} refused: ${result.error.message}`)
    return 0
  }
  const candles = result.value.filter((bar) => bar.interval * MINUTE === book.intervalMs).map(barToCandle)
  return book.seed(vtSymbol, candles)
}

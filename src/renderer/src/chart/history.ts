import type { CommandResult, EventDeskApi } from '../../../shared/contract'
import type { Interval } from '../../../shared/intervals'
import type { Bar } from '../../../shared/objects'

/**
 * Asks the host for an instrument's bars of `interval`, holding only minutes
 * before `end` (the first minute the window built itself; none: up to now).
 * Resolves to the bars, oldest first, or undefined when the request failed
 * or was refused: the chart then shows what it built from ticks alone.
 */
export async function loadHistory(
  api: EventDeskApi,
  vtSymbol: string,
  interval: Interval,
  end: number | undefined,
): Promise<Bar[] | undefined> {
  let result: CommandResult<'market:history'>
  try {
    result = await api.invoke(
      'market:history',
      end === undefined ? { vtSymbol, interval } : { vtSymbol, interval, end },
    )
  } catch (err) {
    console.warn(`[chart] history of ${vtSymbol} failed`, err)
    return undefined
  }
  if (!result.ok) {
    console.warn(`[chart] history of ${vtSymbol} refused: ${result.error.message}`)
    return undefined
  }
  return result.value
}

/**
 * Paging through the journal's history (`orders:query`, `trades:query`,
 * `logs:query`): newest first, a page at a time, each page naming where the
 * next one starts.
 */

/** Most rows one page carries. */
export const MAX_HISTORY_PAGE = 1000
/** Rows a page carries when the query does not say. */
export const DEFAULT_HISTORY_PAGE = 200

export interface HistoryPage<T> {
  /** Newest first. */
  items: T[]
  /** Pass it as `cursor` for the page after this one; absent on the last page. */
  next?: string
}

/** Where a page starts: just older than this row (its time, then its place in the journal). */
export interface HistoryCursor {
  time: number
  row: number
}

export function encodeCursor(cursor: HistoryCursor): string {
  return `${cursor.time}~${cursor.row}`
}

/** The cursor a page gave, or undefined for text that is not one. */
export function decodeCursor(text: string): HistoryCursor | undefined {
  const parts = text.split('~')
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined
  const time = Number(parts[0])
  const row = Number(parts[1])
  return Number.isFinite(time) && Number.isSafeInteger(row) && row >= 0 ? { time, row } : undefined
}

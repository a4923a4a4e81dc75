import type { PushMap, RowKind } from '../../../shared/push'
import type { LogEntry } from './log-book'

/** What changed in one applied frame; monitors turn it into grid transactions. */
export type FrameChanges = { [K in RowKind]: PushMap[K][] } & {
  /** Everything was replaced (a snapshot): redraw from the store rather than patch. */
  reset: boolean
  /** Which fills the polls do not show yet changed (pending positions and accounts). */
  unpolled: boolean
  logsAdded: LogEntry[]
  logsEvicted: LogEntry[]
  /** The oldest trades, dropped to keep within the cap. */
  tradesEvicted: PushMap['trade'][]
}

/** How the store asks to run once before the next paint. */
export type FrameScheduler = (apply: () => void) => void

/**
 * The next animation frame. A hidden page gets none, so it applies and acks
 * nothing: the host sees a stalled window, holds at most a few batches for it,
 * and resyncs it with a snapshot when it draws again.
 */
export const animationFrameScheduler: FrameScheduler = (apply) => void requestAnimationFrame(() => apply())

/** A frame in which nothing changed yet. */
export function emptyChanges(): FrameChanges {
  return {
    reset: false,
    unpolled: false,
    tick: [],
    order: [],
    trade: [],
    position: [],
    account: [],
    contract: [],
    gateway: [],
    strategy: [],
    logsAdded: [],
    logsEvicted: [],
    tradesEvicted: [],
  }
}

/**
 * Decides what deserves a toast, from the frames the live store applies:
 * fills, rejections and cancels of orders sent by hand, each at once; a
 * strategy's fills summed, at most one toast per strategy every few seconds
 * (a grid strategy can fill dozens of times a minute); a strategy that stops
 * with an error, at once. A snapshot (the first frame, a resync) is the
 * starting point, not news: it raises nothing.
 */
import { isActive, MANUAL_REFERENCE, type Order, type Status, type Trade } from '../../../shared/objects'
import type { StrategyState, StrategyStatus } from '../../../shared/strategy'
import { throttle, type Throttled } from '../composables/throttle'
import type { FrameChanges } from '../live/frame'
import type { LiveStore } from '../live/live-store'

/** A strategy's fills since its last toast. */
export interface StrategyFills {
  strategyName: string
  count: number
  /** Volume bought and sold. */
  long: number
  short: number
  vtSymbols: string[]
}

export type Notice =
  | { kind: 'filled'; trade: Trade }
  | { kind: 'rejected'; order: Order }
  | { kind: 'cancelled'; order: Order }
  | { kind: 'strategyFills'; fills: StrategyFills }
  | { kind: 'strategyError'; strategy: StrategyState }

/** Whether a notice needs the trader now: shown as an alert, kept longer, with the warning sound. */
export function isUrgent(notice: Notice): boolean {
  return notice.kind === 'rejected' || notice.kind === 'strategyError'
}

/** A strategy's fills are summed into one toast per this many ms. */
export const STRATEGY_FILLS_EVERY_MS = 3000

/** One strategy's fills not yet told, and the pace they are told at. */
interface FillsToTell {
  pending?: StrategyFills
  pace: Throttled
}

/** Notices of statuses a hand-sent order reaches; an order that fills is told by its trades. */
const TOLD_STATUSES: ReadonlySet<Status> = new Set(['REJECTED', 'CANCELLED'])

/** Finished orders remembered as told, so a repeated report of one is not told twice; the oldest go first. */
const TOLD_MEMORY = 1000

export class Notifier {
  /** Hand-sent orders whose end was told (a Set keeps insertion order: the first is the oldest). */
  private readonly told = new Set<string>()
  private readonly strategyStatus = new Map<string, StrategyStatus>()
  private readonly fills = new Map<string, FillsToTell>()

  constructor(
    private readonly store: LiveStore,
    private readonly notify: (notice: Notice) => void,
  ) {}

  /** Listens to the store's frames; returns the disposer, which also drops fills not yet told. */
  start(): () => void {
    this.startFrom()
    const stop = this.store.onFrame((changes) => this.onFrame(changes))
    return () => {
      stop()
      for (const toTell of this.fills.values()) toTell.pace.cancel()
      this.fills.clear()
    }
  }

  onFrame(changes: FrameChanges): void {
    if (changes.reset) return this.startFrom()
    for (const order of changes.order) this.orderChanged(order)
    for (const trade of changes.trade) this.traded(trade)
    for (const strategy of changes.strategy) {
      const before = this.strategyStatus.get(strategy.strategyName)
      this.strategyStatus.set(strategy.strategyName, strategy.status)
      if (strategy.status === 'error' && before !== 'error') this.notify({ kind: 'strategyError', strategy })
    }
  }

  /** What the store holds now is known already. */
  private startFrom(): void {
    this.told.clear()
    for (const order of this.store.orders.values())
      if (order.reference === MANUAL_REFERENCE && !isActive(order)) this.remember(order.vtOrderId)
    this.strategyStatus.clear()
    for (const strategy of this.store.strategies.values())
      this.strategyStatus.set(strategy.strategyName, strategy.status)
  }

  private orderChanged(order: Order): void {
    if (order.reference !== MANUAL_REFERENCE || !TOLD_STATUSES.has(order.status) || this.told.has(order.vtOrderId))
      return
    this.remember(order.vtOrderId)
    this.notify(order.status === 'REJECTED' ? { kind: 'rejected', order } : { kind: 'cancelled', order })
  }

  private remember(vtOrderId: string): void {
    this.told.add(vtOrderId)
    if (this.told.size > TOLD_MEMORY) this.told.delete(this.told.values().next().value!)
  }

  private traded(trade: Trade): void {
    if (trade.reference === MANUAL_REFERENCE) return this.notify({ kind: 'filled', trade })
    const name = trade.reference
    let toTell = this.fills.get(name)
    if (toTell === undefined) {
      const created: FillsToTell = { pace: throttle(() => this.tellFills(created), STRATEGY_FILLS_EVERY_MS) }
      this.fills.set(name, (toTell = created))
    }
    const fills = (toTell.pending ??= { strategyName: name, count: 0, long: 0, short: 0, vtSymbols: [] })
    fills.count++
    if (trade.direction === 'SHORT') fills.short += trade.volume
    else fills.long += trade.volume
    if (!fills.vtSymbols.includes(trade.vtSymbol)) fills.vtSymbols.push(trade.vtSymbol)
    // At once after a quiet spell; else summed with the rest until the strategy's next turn.
    toTell.pace.request()
  }

  private tellFills(toTell: FillsToTell): void {
    const fills = toTell.pending
    if (fills === undefined) return
    toTell.pending = undefined
    this.notify({ kind: 'strategyFills', fills })
  }
}

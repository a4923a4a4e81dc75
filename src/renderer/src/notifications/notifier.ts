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
import type { FrameChanges, LiveStore } from '../live/live-store'

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

export interface NotifierOptions {
  /** A strategy's fills are summed into one toast per this many ms. Default 3000. */
  strategyFillsEveryMs?: number
  now?: () => number
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

interface FillsThrottle {
  lastShownAt: number
  pending?: StrategyFills
  timer?: unknown
}

/** Notices of statuses a hand-sent order reaches; an order that fills is told by its trades. */
const TOLD_STATUSES: ReadonlySet<Status> = new Set(['REJECTED', 'CANCELLED'])

/** Finished orders remembered as told, so a repeated report of one is not told twice; the oldest go first. */
const TOLD_MEMORY = 1000

export class Notifier {
  /** Hand-sent orders whose end was told (a Set keeps insertion order: the first is the oldest). */
  private readonly told = new Set<string>()
  private readonly strategyStatus = new Map<string, StrategyStatus>()
  private readonly throttles = new Map<string, FillsThrottle>()
  private readonly everyMs: number
  private readonly now: () => number
  private readonly setTimer: (run: () => void, ms: number) => unknown
  private readonly clearTimer: (timer: unknown) => void

  constructor(
    private readonly store: LiveStore,
    private readonly notify: (notice: Notice) => void,
    options: NotifierOptions = {},
  ) {
    this.everyMs = options.strategyFillsEveryMs ?? 3000
    this.now = options.now ?? (() => performance.now())
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>))
  }

  /** Listens to the store's frames; returns the disposer, which also drops fills not yet told. */
  start(): () => void {
    this.startFrom()
    const stop = this.store.onFrame((changes) => this.onFrame(changes))
    return () => {
      stop()
      for (const throttle of this.throttles.values()) this.clearTimer(throttle.timer)
      this.throttles.clear()
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
    let throttle = this.throttles.get(name)
    if (throttle === undefined) this.throttles.set(name, (throttle = { lastShownAt: -Infinity }))
    const fills = (throttle.pending ??= { strategyName: name, count: 0, long: 0, short: 0, vtSymbols: [] })
    fills.count++
    if (trade.direction === 'SHORT') fills.short += trade.volume
    else fills.long += trade.volume
    if (!fills.vtSymbols.includes(trade.vtSymbol)) fills.vtSymbols.push(trade.vtSymbol)
    if (throttle.timer !== undefined) return
    const wait = throttle.lastShownAt + this.everyMs - this.now()
    if (wait <= 0) return this.tellFills(throttle)
    throttle.timer = this.setTimer(() => {
      throttle.timer = undefined
      this.tellFills(throttle)
    }, wait)
  }

  private tellFills(throttle: FillsThrottle): void {
    const fills = throttle.pending
    if (fills === undefined) return
    throttle.pending = undefined
    throttle.lastShownAt = this.now()
    this.notify({ kind: 'strategyFills', fills })
  }
}

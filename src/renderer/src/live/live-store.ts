import { shallowReactive, shallowRef, type ShallowRef } from 'vue'
import type { Batch, EventDeskApi, Snapshot } from '../../../shared/contract'
import { DisposableStore } from '../../../shared/disposable-store'
import type { UnpolledFills } from '../../../shared/objects'
import { PROTOCOL_VERSION } from '../../../shared/protocol'
import { PUSH_KINDS, ROW_KINDS, pushKey, type PushKind, type PushMap, type RowKind } from '../../../shared/push'
import { LiveBars } from '../chart/live-bars'
import { animationFrameScheduler, emptyChanges, type FrameChanges, type FrameScheduler } from './frame'
import { LogBook } from './log-book'

/** A host that speaks another protocol version than this page: what it said (undefined: it names none). */
export interface ProtocolMismatch {
  host: number | undefined
  page: number
}

/**
 * How often the window takes market data, ms: the host conflates in between,
 * keeping each instrument's latest tick (and the latest position and account).
 * Ten batches a second keep the ticket's price and the row buttons at most
 * 100 ms behind the market, more than the tables show (each cell changes at
 * most four times a second), for a fifth of what taking every frame's ticks
 * costs the page to receive and parse at 10,000 ticks a second.
 */
export const MARKET_EVERY_MS = 100

export interface LiveStoreOptions {
  scheduler?: FrameScheduler
  /** Log lines kept in memory. */
  logCapacity?: number
  /** Trades kept in memory (the oldest go first). */
  tradeCapacity?: number
  /** The clock for tick ages and rates, epoch ms. */
  now?: () => number
}

/**
 * The window's copy of live trading state. Batches from the bridge are queued
 * and applied once per frame into plain Maps keyed by natural id, outside Vue's
 * reactivity; only a few shallow counters are reactive, so components decide
 * when to look. Detects gaps in `seq` and resyncs from a snapshot.
 */
export class LiveStore {
  readonly ticks = new Map<string, PushMap['tick']>()
  readonly orders = new Map<string, PushMap['order']>()
  readonly trades = new Map<string, PushMap['trade']>()
  readonly positions = new Map<string, PushMap['position']>()
  readonly accounts = new Map<string, PushMap['account']>()
  readonly contracts = new Map<string, PushMap['contract']>()
  readonly gateways = new Map<string, PushMap['gateway']>()
  readonly strategies = new Map<string, PushMap['strategy']>()
  readonly logs: LogBook
  /** 1-minute bars built from the ticks applied, per instrument: the chart's live bars. */
  readonly liveBars = new LiveBars()
  /** When the last tick of each gateway (feed) arrived, epoch ms by our clock. */
  readonly lastTickAt = new Map<string, number>()
  metrics: PushMap['metrics'] | undefined
  /** Fills the last position and account polls do not show yet: those rows are pending. */
  unpolled: UnpolledFills = { positions: {}, accounts: [] }
  /** Engine events per second, from the last two metrics pushes. */
  eventsPerSecond = 0
  /** Trades dropped by the cap since the last snapshot. */
  tradesDropped = 0

  /** Bumped once per applied frame: read it in a computed to re-render with live data. */
  readonly frame: ShallowRef<number> = shallowRef(0)
  /** Bumped per kind when a frame changed that kind (or on a snapshot): finer than `frame`. */
  readonly revision = shallowReactive<Record<PushKind, number>>({
    tick: 0,
    order: 0,
    trade: 0,
    position: 0,
    account: 0,
    contract: 0,
    gateway: 0,
    strategy: 0,
    log: 0,
    metrics: 0,
    unpolled: 0,
  })
  /** The transport's state. */
  readonly connection: ShallowRef<'connecting' | 'open' | 'closed'> = shallowRef('connecting')
  /** Sequence gaps seen (each triggers a resync). */
  readonly gaps: ShallowRef<number> = shallowRef(0)
  /**
   * Whether what the window shows is the desk as it is: true once a snapshot
   * is applied, false from the moment the host is unreachable until the
   * snapshot after it is back (before that the window holds the outage's data).
   */
  readonly live: ShallowRef<boolean> = shallowRef(false)
  /** Recoveries from an outage: each counts the first snapshot applied after the host was back. */
  readonly resumed: ShallowRef<number> = shallowRef(0)
  /** Snapshots from a new run of the desk (it restarted, or its simulated exchange was reset): the page says so. */
  readonly deskRestarts: ShallowRef<number> = shallowRef(0)
  /** The desk's run, from its latest snapshot: a new id after a reconnect means the desk restarted. */
  readonly hostSessionId: ShallowRef<string | undefined> = shallowRef(undefined)
  /** Set while the host speaks another protocol version: nothing from it is applied until it speaks ours. */
  readonly protocolMismatch: ShallowRef<ProtocolMismatch | undefined> = shallowRef(undefined)

  private readonly maps: { [K in RowKind]: Map<string, PushMap[K]> } = {
    tick: this.ticks,
    order: this.orders,
    trade: this.trades,
    position: this.positions,
    account: this.accounts,
    contract: this.contracts,
    gateway: this.gateways,
    strategy: this.strategies,
  }
  private readonly scheduler: FrameScheduler
  private readonly tradeCapacity: number
  private readonly now: () => number
  private readonly listeners = new Set<(changes: FrameChanges) => void>()
  private pending: Batch[] = []
  private scheduled = false
  private lastSeq: number | undefined
  private resyncing = false
  private lastMetricsAt: number | undefined
  /** The host went away after the window was live: the next snapshot is a recovery. */
  private outage = false
  /** The api listeners `start` added. */
  private readonly listening = new DisposableStore()

  constructor(
    private readonly api: EventDeskApi,
    options: LiveStoreOptions = {},
  ) {
    this.scheduler = options.scheduler ?? animationFrameScheduler
    this.now = options.now ?? Date.now
    this.logs = new LogBook(options.logCapacity ?? 5000)
    this.tradeCapacity = options.tradeCapacity ?? 10_000
  }

  /** Starts the stream: listens, then asks for a snapshot. Returns the disposer. */
  start(): () => void {
    this.listening.add(
      this.api.on('batch', (batch) => this.receive(batch)),
      this.api.on('connection', (state) => this.connectionChanged(state)),
    )
    void this.api.invoke('session:subscribe', { marketEveryMs: MARKET_EVERY_MS })
    return () => this.dispose()
  }

  dispose(): void {
    this.listening.clear()
    this.listeners.clear()
    this.pending = []
  }

  private connectionChanged(state: 'connecting' | 'open' | 'closed'): void {
    this.connection.value = state
    if (state === 'open' || !this.live.value) return
    this.live.value = false
    this.outage = true
  }

  /** Called after each applied frame with what changed. Returns the unsubscribe. */
  onFrame(listener: (changes: FrameChanges) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /**
   * Empties the window's log at the trader's request (the host keeps its
   * own): tables drop the lines at once, as if the cap had evicted them.
   */
  clearLogs(): void {
    const cleared = this.logs.clear()
    const changes = emptyChanges()
    changes.logsEvicted = cleared
    this.revision.log++
    for (const listener of this.listeners) listener(changes)
  }

  /** Queues a batch for the next frame. */
  receive(batch: Batch): void {
    this.pending.push(batch)
    if (this.scheduled) return
    this.scheduled = true
    this.scheduler(() => {
      this.scheduled = false
      this.applyPending()
    })
  }

  /** Applies every queued batch now, acks the last, and tells listeners once. */
  applyPending(): void {
    const batches = this.pending
    this.pending = []
    const changes = emptyChanges()
    const firstLogId = this.logs.nextId
    const metricsBefore = this.metrics
    const latest = new Map<RowKind, Map<string, unknown>>()
    let applied = false
    for (const batch of batches) {
      if (batch.snapshot !== undefined) {
        const previousRun = this.hostSessionId.value
        if (!this.speaksOurProtocol(batch.snapshot)) continue
        if (previousRun !== undefined && previousRun !== batch.snapshot.hostSessionId) this.deskRestarts.value++
        if (this.outage) this.recover()
        this.resetFrom(batch.snapshot)
        changes.reset = true
        latest.clear()
        changes.logsEvicted = []
        changes.tradesEvicted = []
        this.resyncing = false
      } else if (this.lastSeq === undefined || this.resyncing) {
        continue // nothing to apply a delta to until the snapshot arrives
      } else if (batch.seq <= this.lastSeq) {
        continue // seen already
      } else if (batch.seq !== this.lastSeq + 1) {
        this.gaps.value++
        this.resync()
        continue
      }
      this.lastSeq = batch.seq
      applied = true
      this.applyItems(batch, latest, changes, firstLogId)
    }
    if (!applied) return
    if (!changes.reset) changes.logsAdded = this.logs.since(firstLogId)
    for (const kind of ROW_KINDS) {
      const byKey = latest.get(kind)
      if (byKey !== undefined) (changes[kind] as unknown[]) = [...byKey.values()]
      if (changes.reset || byKey !== undefined) this.revision[kind]++
    }
    this.capTrades(changes)
    if (changes.reset || changes.logsAdded.length > 0 || changes.logsEvicted.length > 0) this.revision.log++
    if (changes.tradesEvicted.length > 0) this.revision.trade++
    if (metricsBefore !== this.metrics) this.revision.metrics++
    if (changes.reset || changes.unpolled) {
      changes.unpolled = true
      this.revision.unpolled++
    }
    if (this.lastSeq !== undefined) void this.api.invoke('session:ack', { seq: this.lastSeq })
    if (changes.reset) this.live.value = true
    this.frame.value++
    for (const listener of this.listeners) listener(changes)
  }

  /** Drops the oldest trades beyond the cap (a Map iterates in insertion order). */
  private capTrades(changes: FrameChanges): void {
    let excess = this.trades.size - this.tradeCapacity
    if (excess <= 0) return
    const evicted = new Set<string>()
    for (const [key, trade] of this.trades) {
      if (excess-- <= 0) break
      this.trades.delete(key)
      evicted.add(key)
      changes.tradesEvicted.push(trade)
    }
    this.tradesDropped += evicted.size
    changes.trade = changes.trade.filter((trade) => !evicted.has(trade.vtTradeId))
  }

  /**
   * The first snapshot after an outage: the desk moved on meanwhile, or
   * restarted. Live bars built before it are dropped (the ticks of the outage
   * never came; the chart reloads its history), and `resumed` tells the
   * components to subscribe and load again and to forget the outage's errors.
   */
  private recover(): void {
    this.outage = false
    this.liveBars.clear()
    this.lastTickAt.clear()
    this.resumed.value++
  }

  /**
   * Checks a snapshot's protocol version before anything in it is applied. A
   * host speaking another version is refused whole: this snapshot, and every
   * delta after it, until a snapshot in our version comes (after a reconnect to
   * an updated host, say). Nothing is acknowledged meanwhile, so the host holds
   * at most a few batches for us.
   */
  private speaksOurProtocol(snapshot: Snapshot): boolean {
    // Read as unknown: a host of another version may send anything here, or nothing.
    const version: unknown = snapshot.protocolVersion
    if (version === PROTOCOL_VERSION) {
      this.protocolMismatch.value = undefined
      this.hostSessionId.value = snapshot.hostSessionId
      return true
    }
    this.protocolMismatch.value = { host: typeof version === 'number' ? version : undefined, page: PROTOCOL_VERSION }
    this.lastSeq = undefined
    this.resyncing = false
    return false
  }

  /** Asks the host for a fresh snapshot after a gap; deltas are ignored until it comes. */
  private resync(): void {
    this.resyncing = true
    void this.api.invoke('session:subscribe', { marketEveryMs: MARKET_EVERY_MS })
  }

  private resetFrom(snapshot: Snapshot): void {
    // Live bars and feed ages survive a resync: they are history the snapshot does not carry.
    for (const map of Object.values(this.maps)) map.clear()
    this.tradesDropped = 0
    const fill = <K extends RowKind>(kind: K, items: PushMap[K][]): void => {
      const map = this.maps[kind]
      for (const item of items) map.set(pushKey(kind, item), item)
    }
    fill('order', snapshot.orders)
    fill('trade', snapshot.trades)
    fill('contract', snapshot.contracts)
    fill('gateway', snapshot.gateways)
    fill('account', snapshot.accounts)
    fill('position', snapshot.positions)
    fill('strategy', snapshot.strategies)
    fill('tick', snapshot.ticks)
    // Not arrivals: a snapshot's ticks may be old, so they build bars but do not freshen a feed.
    for (const tick of snapshot.ticks) this.liveBars.update(tick)
    this.logs.reset(snapshot.logs, snapshot.logsDropped)
    this.unpolled = snapshot.unpolled
  }

  private applyItems(
    batch: Batch,
    latest: Map<RowKind, Map<string, unknown>>,
    changes: FrameChanges,
    firstLogId: number,
  ): void {
    const items = batch.items
    // In apply order (push.ts): orders and trades, logs, contracts, then the latest values.
    for (const kind of PUSH_KINDS) {
      if (kind === 'log') {
        // A line added and evicted within one frame never reached a table, so it is not reported evicted.
        for (const entry of this.logs.append(items.log ?? []))
          if (entry.id < firstLogId) changes.logsEvicted.push(entry)
      } else if (kind === 'metrics') {
        const metrics = items.metrics
        if (metrics !== undefined && metrics.length > 0) this.applyMetrics(metrics[metrics.length - 1])
      } else if (kind === 'unpolled') {
        const unpolled = items.unpolled?.at(-1)
        if (unpolled === undefined) continue
        this.unpolled = unpolled
        changes.unpolled = true
      } else {
        this.applyRows(kind, items[kind], latest)
      }
    }
  }

  /** Updates rows in place by key, noting each changed row for the frame's listeners. */
  private applyRows<K extends RowKind>(
    kind: K,
    list: PushMap[K][] | undefined,
    latest: Map<RowKind, Map<string, unknown>>,
  ): void {
    if (list === undefined || list.length === 0) return
    const map = this.maps[kind]
    let changed = latest.get(kind)
    if (changed === undefined) latest.set(kind, (changed = new Map()))
    for (const item of list) {
      const key = pushKey(kind, item)
      // A removed strategy's last state takes its row away (listeners still see it in the frame's changes).
      if (kind === 'strategy' && (item as PushMap['strategy']).status === 'removed') map.delete(key)
      else map.set(key, item)
      changed.set(key, item)
      if (kind === 'tick') this.tickArrived(item as PushMap['tick'])
    }
  }

  private tickArrived(tick: PushMap['tick']): void {
    this.liveBars.update(tick)
    this.lastTickAt.set(tick.gatewayName, this.now())
  }

  private applyMetrics(metrics: PushMap['metrics']): void {
    const at = this.now()
    if (this.metrics !== undefined && this.lastMetricsAt !== undefined && at > this.lastMetricsAt) {
      const events = metrics.dispatchedTotal - this.metrics.dispatchedTotal
      this.eventsPerSecond = events >= 0 ? (events * 1000) / (at - this.lastMetricsAt) : 0
    }
    this.metrics = metrics
    this.lastMetricsAt = at
  }
}

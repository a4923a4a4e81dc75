import {
  EVENT_ACCOUNT,
  EVENT_CONTRACT,
  EVENT_GATEWAY,
  EVENT_LOG,
  EVENT_ORDER,
  EVENT_POSITION,
  EVENT_STRATEGY,
  EVENT_TICK,
  EVENT_TIMER,
  nodeScheduler,
  type EventEngine,
  type Scheduler,
} from '../engine'
import type { Batch, CommandRequest, Snapshot } from '../../shared/contract'
import type { DeskMetrics } from '../../shared/push'
import { DisposableStore } from '../../shared/disposable-store'
import { EVENT_TRADE, EVENT_UNPOLLED, type EngineEvent } from '../../shared/events'
import { PUSH_KINDS, type FactKind, type LatestKind, type PushKind, type PushMap } from '../../shared/push'
import { Outbox } from './outbox'
import { SessionQuota } from './session-quota'
import type { SnapshotFilter } from './snapshot'

/** Delivers a batch to the window; the transport's job. */
export type BatchSink = (batch: Batch) => void

export interface SessionOptions {
  /** Shortest time between two batches of market data, ms (a window may ask for longer). Default 16 (one frame). */
  frameMs?: number
  /** Batches sent but not yet acknowledged before the session waits. Default 4. */
  maxUnacked?: number
  /** Estimated bytes of orders, trades and logs one batch carries at most. Default 1 MiB. */
  maxBatchBytes?: number
  /** Estimated bytes queued for a waiting window before it is marked stale. Default 8 MiB. */
  maxQueuedBytes?: number
  /** A window that acknowledges nothing for this long while batches wait is marked stale, ms. Default 10 s. */
  staleAfterMs?: number
  scheduler?: Scheduler
}

export type SessionSubscription = CommandRequest<'session:subscribe'>

/** Who a session is, for logs and settings changes, and what it may send. */
export interface SessionIdentity {
  /** 'session 3', or what the host knows of it ('window 2', 'client 127.0.0.1:51234'). */
  label: string
  quota: SessionQuota
}

const UNLIMITED = { commandsPerSecond: 0, ordersPerSecond: 0, maxWorkingOrders: 0 }

/** Counters for tests, stats and the benchmark. */
export interface SessionStats {
  seq: number
  acked: number
  /** Entries waiting in the outbox. */
  queued: number
  queuedBytes: number
  stale: boolean
  /** Snapshots sent: the first one, and one per resynchronisation. */
  snapshots: number
  handlers: number
}

/**
 * One connected window or remote client, whatever the transport.
 *
 * After `subscribe` it registers an engine handler per kind asked for (and
 * keeps each disposer), sends a snapshot, then deltas, each batch numbered.
 * Market data (every coalesced kind) goes out at most once per frame, or per
 * the subscription's `marketEveryMs` if longer; an order, trade or log goes
 * out on the next turn of the event loop, in a batch of its own if the frame
 * has not come (a trader waits for a fill, not for a frame); in a batch,
 * orders, trades and logs come first.
 *
 * Backpressure: at most `maxUnacked` batches go unacknowledged. While the
 * window lags, coalesced kinds keep only their latest value per key and the
 * rest queues; once the queue passes `maxQueuedBytes`, or nothing has been
 * acknowledged for `staleAfterMs`, the session is stale: it drops the queue,
 * ignores events, and sends a fresh snapshot when the window acknowledges
 * again. So a stalled window costs at most the queue bound, plus the batches
 * in flight (`maxUnacked × maxBatchBytes`), plus one value per coalesced key.
 */
export class ClientSession {
  private readonly outbox = new Outbox()
  private readonly scheduler: Scheduler
  private readonly frameMs: number
  /** The subscription's pace of market data: the host's frame, or longer if the window asked. */
  private marketEveryMs: number
  private readonly maxUnacked: number
  private readonly maxBatchBytes: number
  private readonly maxQueuedBytes: number
  private readonly staleAfterMs: number
  /** The engine handlers of the current subscription. */
  private readonly handlers = new DisposableStore()
  private subscribed = false
  private disposed = false
  private needsSnapshot = false
  private stale = false
  private seq = 0
  private acked = 0
  private snapshots = 0
  /** When coalesced values last went out: they go at most once per frame. */
  private lastMarketAt = -Infinity
  /** When the window last acknowledged (or the session last found it caught up). */
  private lastProgressAt: number
  private frameTimer: unknown = undefined
  private turnQueued = false
  /** An order, trade, log or snapshot waits: the next flush should not wait for the frame. */
  private urgentPending = false
  private filter: SnapshotFilter = {}
  readonly label: string
  /** Checked by the command router before each command and order. */
  readonly quota: SessionQuota

  constructor(
    private readonly engine: EventEngine,
    private readonly snapshot: (filter: SnapshotFilter) => Snapshot,
    private readonly sink: BatchSink,
    options: SessionOptions = {},
    private readonly onDispose?: (session: ClientSession) => void,
    identity?: SessionIdentity,
    /** What goes out as metrics on every timer event; default the engine's own. */
    private readonly metrics: () => DeskMetrics = () => engine.metrics(),
  ) {
    this.scheduler = options.scheduler ?? nodeScheduler
    this.label = identity?.label ?? 'session'
    this.quota =
      identity?.quota ??
      new SessionQuota(
        () => UNLIMITED,
        () => this.scheduler.now(),
      )
    this.frameMs = options.frameMs ?? 16
    this.marketEveryMs = this.frameMs
    this.maxUnacked = options.maxUnacked ?? 4
    this.maxBatchBytes = options.maxBatchBytes ?? 1 << 20
    this.maxQueuedBytes = options.maxQueuedBytes ?? 8 << 20
    this.staleAfterMs = options.staleAfterMs ?? 10_000
    this.lastProgressAt = this.scheduler.now()
  }

  /**
   * Starts (or restarts) the stream for these kinds and symbols: handlers
   * first, then a snapshot taken at the next flush, so every event is either
   * in the snapshot or a delta after it, never both, never neither.
   */
  subscribe(subscription: SessionSubscription): void {
    if (this.disposed) return
    this.handlers.clear()
    const kinds = new Set<PushKind>(subscription.kinds ?? PUSH_KINDS)
    const symbols = subscription.vtSymbols === undefined ? undefined : new Set(subscription.vtSymbols)
    this.filter = { kinds, vtSymbols: symbols }
    this.marketEveryMs = Math.max(this.frameMs, subscription.marketEveryMs ?? 0)
    this.subscribed = true
    for (const kind of kinds) this.registerKind(kind, symbols)
    this.resync()
  }

  /** The window applied every batch up to `seq`. Returns false when `seq` was never sent. */
  ack(seq: number): boolean {
    if (seq > this.seq) return false
    if (this.disposed || seq <= this.acked) return true
    this.acked = seq
    this.lastProgressAt = this.scheduler.now()
    this.schedulePending()
    return true
  }

  /** Unregisters every handler and stops sending; safe to call again. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.handlers.dispose()
    if (this.frameTimer !== undefined) this.scheduler.clearTimer(this.frameTimer)
    this.frameTimer = undefined
    this.outbox.clear()
    this.onDispose?.(this)
  }

  get isDisposed(): boolean {
    return this.disposed
  }

  stats(): SessionStats {
    return {
      seq: this.seq,
      acked: this.acked,
      queued: this.outbox.size,
      queuedBytes: this.outbox.queuedBytes,
      stale: this.stale,
      snapshots: this.snapshots,
      handlers: this.handlers.size,
    }
  }

  private registerKind(kind: PushKind, symbols: Set<string> | undefined): void {
    const bySymbol = <T extends { vtSymbol: string }>(push: (value: T) => void) =>
      symbols === undefined ? push : (value: T) => symbols.has(value.vtSymbol) && push(value)
    switch (kind) {
      case 'tick':
        // Ticks for chosen symbols use the keyed types, so the engine never calls us for the others.
        if (symbols === undefined) this.on(EVENT_TICK, this.latest('tick'))
        else for (const vtSymbol of symbols) this.on(`${EVENT_TICK}${vtSymbol}`, this.latest('tick'))
        return
      case 'order':
        return this.on(EVENT_ORDER, bySymbol(this.ordered('order')))
      case 'trade':
        return this.on(EVENT_TRADE, bySymbol(this.ordered('trade')))
      case 'contract':
        return this.on(EVENT_CONTRACT, bySymbol(this.ordered('contract')))
      case 'log':
        return this.on(EVENT_LOG, this.ordered('log'))
      case 'position':
        return this.on(EVENT_POSITION, bySymbol(this.latest('position')))
      case 'account':
        return this.on(EVENT_ACCOUNT, this.latest('account'))
      case 'gateway':
        return this.on(EVENT_GATEWAY, this.latest('gateway'))
      case 'strategy':
        return this.on(EVENT_STRATEGY, this.latest('strategy'))
      case 'unpolled':
        return this.on(EVENT_UNPOLLED, this.latest('unpolled'))
      case 'metrics': {
        const push = this.latest('metrics')
        return this.on(EVENT_TIMER, () => push(this.metrics()))
      }
    }
  }

  private on<T>(type: string, push: (value: T) => void): void {
    const handler = (event: EngineEvent): void => {
      if (event.data !== undefined) push(event.data as T)
    }
    this.handlers.add(this.engine.register(type, handler))
  }

  private latest<K extends LatestKind>(kind: K): (value: PushMap[K]) => void {
    return (value) => {
      if (this.dropping()) return
      this.outbox.putLatest(kind, value)
      this.scheduleFlush(false)
    }
  }

  private ordered<K extends FactKind>(kind: K): (value: PushMap[K]) => void {
    return (value) => {
      if (this.dropping()) return
      this.outbox.putOrdered(kind, value)
      this.urgentPending = true
      if (this.outbox.queuedBytes > this.maxQueuedBytes) this.markStale()
      else this.scheduleFlush(true)
    }
  }

  /** Events that the next snapshot will contain anyway are not queued. */
  private dropping(): boolean {
    if (this.needsSnapshot) return true
    if (this.seq - this.acked >= this.maxUnacked && this.scheduler.now() - this.lastProgressAt > this.staleAfterMs) {
      this.markStale()
      return true
    }
    return false
  }

  /** Drops the queue: the window will get a fresh snapshot when it reads again. */
  private markStale(): void {
    this.stale = true
    this.resync()
  }

  private resync(): void {
    this.needsSnapshot = true
    this.urgentPending = true
    this.outbox.clear()
    this.scheduleFlush(true)
  }

  /** Urgent data goes out on the next turn; market data waits for its frame. */
  private scheduleFlush(urgent: boolean): void {
    if (this.disposed || !this.subscribed || this.seq - this.acked >= this.maxUnacked) return
    if (urgent) {
      if (this.turnQueued) return
      this.turnQueued = true
      this.scheduler.yieldThen(this.onTurn)
      return
    }
    if (this.frameTimer !== undefined) return
    const wait = Math.max(0, this.lastMarketAt + this.marketEveryMs - this.scheduler.now())
    this.frameTimer = this.scheduler.setTimer(this.onFrame, wait)
  }

  /** Schedules whatever still waits: the urgent part now, the market data at its frame. */
  private schedulePending(): void {
    if (this.urgentPending) this.scheduleFlush(true)
    if (this.outbox.hasLatest) this.scheduleFlush(false)
  }

  private readonly onTurn = (): void => {
    this.turnQueued = false
    this.flush(false)
  }

  // The timer was set for the frame: it is the frame, even if the clock reads a hair early.
  private readonly onFrame = (): void => {
    this.frameTimer = undefined
    this.flush(true)
  }

  /**
   * Sends one batch: the snapshot if one is due, queued orders, trades and
   * logs, and the coalesced market data if its frame has come (an order does
   * not drag 200 instruments' ticks along with it every few milliseconds).
   */
  private flush(frameCame: boolean): void {
    if (this.disposed || this.seq - this.acked >= this.maxUnacked) return
    const now = this.scheduler.now()
    let snapshot: Snapshot | undefined
    if (this.needsSnapshot) {
      this.outbox.clear()
      snapshot = this.snapshot(this.filter)
      this.needsSnapshot = false
      this.stale = false
      this.snapshots++
    }
    const withMarket = this.outbox.hasLatest && (frameCame || now - this.lastMarketAt >= this.marketEveryMs)
    if (snapshot === undefined && !withMarket && !this.outbox.hasOrdered) return this.schedulePending()
    const items = this.outbox.take(this.maxBatchBytes, withMarket)
    if (withMarket) {
      this.lastMarketAt = now
      if (this.frameTimer !== undefined) this.scheduler.clearTimer(this.frameTimer)
      this.frameTimer = undefined
    }
    this.urgentPending = this.outbox.hasOrdered
    // Nothing was waiting on the window until now: lag is measured from here.
    if (this.seq === this.acked) this.lastProgressAt = now
    const batch: Batch = snapshot === undefined ? { seq: ++this.seq, items } : { seq: ++this.seq, snapshot, items }
    try {
      this.sink(batch)
    } catch (err) {
      console.error('[bridge] sending a batch failed', err)
    }
    this.schedulePending()
  }
}

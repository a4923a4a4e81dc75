// Just over 400 lines on purpose: put, register and the slice loop are kept in one class because the
// dispatch loop is inlined for speed (see docs/vnpy-differences.md); metrics and lanes already live apart.
import {
  EVENT_LOG,
  EVENT_TIMER,
  eventFamily,
  type EngineEvent,
  type EngineMetrics,
  type EventPayload,
  type Handler,
  type TypedEvent,
} from '../../shared/events'
import { disposeOnce, type Disposer } from '../../shared/disposable-store'
import type { Log } from '../../shared/objects'
import { DeadlineTimer } from './deadline-timer'
import { DEFAULT_LANES, buildLanes, type Lane, type LaneOptions } from './lanes'
import { MetricsRecorder, type Counter } from './metrics'
import type { Ring } from './ring'
import { nodeScheduler, type Scheduler } from './scheduler'

export interface EventEngineOptions {
  /** Timer period in seconds (vnpy's `interval`); 0 turns the timer off. Default 1. */
  interval?: number
  /** Longest uninterrupted drain before yielding to the event loop, in ms. Default 4. */
  sliceMs?: number
  /**
   * Queues in priority order: the drain always takes from the first non-empty
   * lane, so nothing in an earlier lane waits behind a later one's backlog.
   * Default: everything else first, then ticks.
   */
  lanes?: LaneOptions[]
  scheduler?: Scheduler
}

/** The source of the log events the engine itself puts. */
export const ENGINE_SOURCE = 'engine'

/** Most events dispatched between two clock reads; at ~20 ns an event that is well under 0.1 ms. */
const MAX_BUDGET = 4096
/**
 * The drain aims 2 % short of `sliceMs`: it stops when the next event would
 * overrun on average, and the headroom absorbs the jitter of that estimate
 * so that the promise holds as a maximum, not as a typical value.
 */
const SLICE_AIM = 0.98
const UNHANDLED_CACHE = 4096
const NO_HANDLERS: Handler[] = []

/** The handlers of one event type; the array is replaced, never mutated, so dispatch can hold it as a snapshot. */
interface Slot {
  handlers: Handler[]
  counter: Counter
}

/**
 * vnpy's EventEngine, done for a desktop app's main process; where and why
 * it behaves differently is in docs/vnpy-differences.md.
 *
 * `put` queues and returns; a drain dispatches in slices of at most `sliceMs`
 * and yields to the event loop between them, so IPC, sockets and window
 * events stay responsive during a tick flood. Ticks have their own lane:
 * logs, orders, trades and the timer never wait behind them. Handler lists
 * are copy-on-write, so a handler may (un)register during dispatch without
 * another being skipped. A throwing handler is reported as an `eLog` error
 * and counted; dispatch carries on. The timer is deadline-based and never
 * bursts.
 */
export class EventEngine {
  private readonly slots = new Map<string, Slot>()
  private general: Handler[] = []
  private readonly recorder = new MetricsRecorder()
  private sliceEndHooks: (() => void)[] = []
  /** Hooks whose last call threw: reported once, not on every slice (the report itself makes a slice). */
  private readonly failingHooks = new Set<() => void>()
  /** Slots without handlers for types nobody listens to, so their events are still counted per family. */
  private readonly unhandled = new Map<string, Slot>()
  /**
   * The slot of the last type dispatched: a flood is mostly one type, and a
   * Map lookup per event is the biggest cost of dispatch. Invalidated when a
   * type gains its first handler or loses its last (a slot's handler array
   * may change under it: dispatch reads it afresh).
   */
  private lastType: string | undefined = undefined
  private lastSlot: Slot = { handlers: [], counter: { n: 0 } }
  private readonly lanes: Lane[]
  /** The lanes' queues in priority order, for the drain. */
  private readonly queues: Ring<EngineEvent>[]
  private readonly catchAll: Ring<EngineEvent>
  /** `prefixes[i]` routes to `prefixQueues[i]` (see `LaneTable`). */
  private readonly prefixes: string[]
  private readonly prefixQueues: Ring<EngineEvent>[]
  private readonly scheduler: Scheduler
  private readonly sliceMs: number

  private handlers = 0
  private active = false
  private stopping = false
  private scheduled = false
  private stopWaiters: (() => void)[] = []
  private idleWaiters: (() => void)[] = []
  private readonly timer: DeadlineTimer

  constructor(options: EventEngineOptions = {}) {
    const interval = options.interval ?? 1
    const sliceMs = options.sliceMs ?? 4
    if (!(interval >= 0)) throw new RangeError(`interval must be ≥ 0 seconds, got ${interval}`)
    if (!(sliceMs > 0)) throw new RangeError(`sliceMs must be > 0, got ${sliceMs}`)
    this.sliceMs = sliceMs
    this.scheduler = options.scheduler ?? nodeScheduler
    this.timer = new DeadlineTimer(this.scheduler, interval * 1000, this.onTimer)

    const table = buildLanes(options.lanes ?? DEFAULT_LANES)
    this.lanes = table.lanes
    this.queues = table.queues
    this.catchAll = table.catchAll
    this.prefixes = table.prefixes
    this.prefixQueues = table.prefixQueues
  }

  /** Queues an event. Never blocks and never dispatches inside the call. */
  put<K extends string>(event: TypedEvent<K>): void {
    this.queueOf(event.type).push(event)
    if (!this.scheduled) this.wake()
  }

  /** Adds a handler for one event type; adding the same function twice is a no-op. */
  register<K extends string>(type: K, handler: Handler<EventPayload<K>>): Disposer {
    const h = handler as Handler
    const slot = this.slots.get(type)
    if (slot === undefined) {
      this.slots.set(type, { handlers: [h], counter: this.recorder.counter(eventFamily(type)) })
      this.lastType = undefined
      this.handlers++
    } else if (!slot.handlers.includes(h)) {
      slot.handlers = [...slot.handlers, h]
      this.handlers++
    }
    return disposeOnce(() => this.unregister(type, handler))
  }

  /** Removes a handler; a type left with none is dropped. Removing one never added is harmless. */
  unregister<K extends string>(type: K, handler: Handler<EventPayload<K>>): void {
    const slot = this.slots.get(type)
    if (slot === undefined) return
    const h = handler as Handler
    if (!slot.handlers.includes(h)) return
    if (slot.handlers.length === 1) {
      this.slots.delete(type)
      this.lastType = undefined
    } else slot.handlers = slot.handlers.filter((x) => x !== h)
    this.handlers--
  }

  /** Adds a handler that sees every event, timer included, after the type's own handlers. */
  registerGeneral(handler: Handler): Disposer {
    if (!this.general.includes(handler)) {
      this.general = [...this.general, handler]
      this.handlers++
    }
    return disposeOnce(() => this.unregisterGeneral(handler))
  }

  unregisterGeneral(handler: Handler): void {
    if (!this.general.includes(handler)) return
    this.general = this.general.filter((x) => x !== handler)
    this.handlers--
  }

  /**
   * Runs `hook` at the end of every drain slice, before the engine yields:
   * whatever handlers did in the slice is complete before the event loop
   * serves anything else (the journal commits there, before any window's
   * flush). Not a handler: it does not count in `handlerCount()`.
   */
  onSliceEnd(hook: () => void): Disposer {
    this.sliceEndHooks = [...this.sliceEndHooks, hook]
    return disposeOnce(() => {
      this.sliceEndHooks = this.sliceEndHooks.filter((h) => h !== hook)
      this.failingHooks.delete(hook)
    })
  }

  /** Registered handlers, general ones included: owners prove they released theirs by it. */
  handlerCount(): number {
    return this.handlers
  }

  /** Event types that have at least one handler. */
  types(): string[] {
    return [...this.slots.keys()]
  }

  /** Starts dispatching (events put before are dispatched now) and the timer. */
  start(): void {
    if (this.active) return
    this.active = true
    this.timer.start()
    if (!this.scheduled && this.queued() > 0) this.schedule()
  }

  /**
   * Stops the timer, then resolves once every event already queued (and any
   * its handlers put) has been dispatched. Events put after that wait for the
   * next `start()`: nothing queued is lost, and the engine can start again.
   */
  stop(): Promise<void> {
    this.timer.stop()
    if (!this.active && !this.stopping) return Promise.resolve()
    this.active = false
    if (!this.scheduled && this.queued() === 0) return Promise.resolve()
    this.stopping = true
    return new Promise((resolve) => this.stopWaiters.push(resolve))
  }

  /** Resolves when every lane is empty (immediately if they are). For tests and orderly shutdown. */
  idle(): Promise<void> {
    if (!this.scheduled && this.queued() === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  get isActive(): boolean {
    return this.active
  }

  /** Events waiting in all lanes. */
  queued(): number {
    let n = 0
    for (const lane of this.lanes) n += lane.queue.length
    return n
  }

  metrics(): EngineMetrics {
    const lanes = this.lanes.map((l) => ({ name: l.name, depth: l.queue.length, highWater: l.queue.highWater }))
    return this.recorder.read(lanes, this.handlers)
  }

  private queueOf(type: string): Ring<EngineEvent> {
    const prefixes = this.prefixes
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i]
      // The identity test is a pointer compare for the generic type (`put({ type: EVENT_TICK })`).
      if (type === prefix || type.startsWith(prefix)) return this.prefixQueues[i]
    }
    return this.catchAll
  }

  /** Out of line so `put` stays small enough for V8 to inline into a gateway's loop. */
  private wake(): void {
    if (this.active || this.stopping) this.schedule()
  }

  private schedule(): void {
    this.scheduled = true
    this.scheduler.yieldThen(this.drain)
  }

  /** One turn of the event loop: a slice of dispatch, then yield, settle or go to sleep. */
  private readonly drain = (): void => {
    const start = this.scheduler.now()
    this.dispatchSlice(start + this.sliceMs * SLICE_AIM)
    for (const hook of this.sliceEndHooks) {
      try {
        hook()
        this.failingHooks.delete(hook)
      } catch (err) {
        if (this.failingHooks.has(hook)) this.recorder.handlerFailed()
        else {
          this.failingHooks.add(hook)
          this.report(err, { type: 'sliceEnd' })
        }
      }
    }
    this.recorder.sliceRan(this.scheduler.now() - start)

    if (this.queued() > 0) {
      if (this.active || this.stopping) this.scheduler.yieldThen(this.drain)
      else this.scheduled = false
      return
    }
    this.scheduled = false
    if (this.stopping) {
      this.stopping = false
      this.settle(this.stopWaiters)
      this.stopWaiters = []
    }
    this.settle(this.idleWaiters)
    this.idleWaiters = []
  }

  /**
   * Dispatches until the lanes are empty or `deadline` has passed. The clock
   * is read every `budget` events, with the budget sized from the measured
   * cost per event, so cheap handlers do not pay for a clock read each and
   * slow ones still yield on time. Kept apart from `drain`'s once-a-slice
   * bookkeeping so V8 optimises this loop alone and never deoptimises it on
   * a path it has not seen yet.
   */
  private dispatchSlice(deadline: number): void {
    const clock = this.scheduler
    const queues = this.queues
    const laneCount = queues.length
    const timer = this.timer
    // Check the clock after the first event: a slow handler must not run several times before we notice.
    let budget = 1
    let sinceCheck = 0
    let lastCheck = clock.now()
    for (;;) {
      // Earlier lanes first, looked at again after every event: a handler may just have put a log or an order.
      let queue = queues[0]
      for (let i = 1; queue.length === 0 && i < laneCount; i++) queue = queues[i]
      if (queue.length === 0) return
      const event = queue.shift()
      // Dispatch inline, and a single handler called directly: most types have one (a cache, a strategy).
      const general = this.general
      const type = event.type
      let slot = this.lastSlot
      if (type !== this.lastType) {
        slot = this.slotOf(type)
        this.lastType = type
        this.lastSlot = slot
      }
      slot.counter.n++
      const handlers = slot.handlers
      if (handlers.length === 1) {
        try {
          handlers[0](event)
        } catch (err) {
          this.report(err, event)
        }
      } else if (handlers.length > 1) this.callEach(handlers, event)
      if (general.length === 1) {
        try {
          general[0](event)
        } catch (err) {
          this.report(err, event)
        }
      } else if (general.length > 1) this.callEach(general, event)
      if (++sinceCheck >= budget) {
        const t = clock.now()
        timer.poll(t)
        const perEvent = (t - lastCheck) / sinceCheck
        const left = deadline - t
        // Yield when the next event would, on average, overrun the slice.
        if (left <= perEvent) return
        // Aim at half the time left, and grow at most twofold per check: one cheap
        // event must not license thousands of expensive ones before the next look.
        const fit = perEvent > 0 ? Math.floor(left / perEvent / 2) : MAX_BUDGET
        budget = Math.max(1, Math.min(fit, budget * 2, MAX_BUDGET))
        sinceCheck = 0
        lastCheck = t
      }
    }
  }

  private settle(waiters: (() => void)[]): void {
    for (const resolve of waiters) resolve()
  }

  /**
   * The type's slot, or for a type nobody listens to a handler-less one that
   * still counts it under its family, cached by the full type so the second
   * put of vnpy's double put (`eTick.` + vtSymbol) does not slice a string per
   * event. Bounded: keyed types such as order ids never stop coming.
   */
  private slotOf(type: string): Slot {
    const slot = this.slots.get(type)
    if (slot !== undefined) return slot
    let none = this.unhandled.get(type)
    if (none === undefined) {
      if (this.unhandled.size >= UNHANDLED_CACHE) this.unhandled.clear()
      this.unhandled.set(type, (none = { handlers: NO_HANDLERS, counter: this.recorder.counter(eventFamily(type)) }))
    }
    return none
  }

  /** Calls every handler; one that throws is reported and the rest still run. One try per list, not per call. */
  private callEach(handlers: Handler[], event: EngineEvent): void {
    const n = handlers.length
    let i = 0
    while (i < n) {
      try {
        for (; i < n; i++) handlers[i](event)
      } catch (err) {
        this.report(err, event)
        i++
      }
    }
  }

  /** Puts the timer event; when the loop fell behind, one for the latest deadline, not a burst. */
  private readonly onTimer = (count: number, due: number, now: number): void => {
    this.recorder.timerFired(now - due)
    this.put({ type: EVENT_TIMER, data: { count, due: this.scheduler.epoch(due) } })
  }

  private report(err: unknown, event: EngineEvent): void {
    this.recorder.handlerFailed()
    const message = err instanceof Error ? err.message : String(err)
    const stack = err instanceof Error ? err.stack : undefined
    // A handler that throws on the engine's own error log must not start an endless chain of them.
    if (event.type === EVENT_LOG && (event.data as Log | undefined)?.source === ENGINE_SOURCE) {
      console.error(`[engine] handler for ${event.type} threw while handling an engine error: ${message}`)
      return
    }
    const log: Log = {
      time: this.scheduler.epoch(this.scheduler.now()),
      level: 'ERROR',
      source: ENGINE_SOURCE,
      message: `Handler for ${event.type} threw: ${message}`,
      stack,
    }
    this.put({ type: EVENT_LOG, data: log })
  }
}

/**
 * Publishes a desk on NATS (vnpy's RpcService, on a proven bus): every engine
 * event goes out on `eventdesk.<desk>.<kind>[.<key>]`; orders, trades, logs and
 * strategy state also land in the desk's JetStream stream (see
 * DurableOutbox); commands come in on `eventdesk.<desk>.cmd.<channel>` and are
 * answered by the desk's command server (see DeskCommandServer).
 *
 * While NATS is away the desk goes on: market data is not kept (a monitor
 * takes a fresh snapshot when it comes back), durable events wait in the
 * outbox and go into the stream once the link returns.
 */
import { jetstream, jetstreamManager, DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import type { EventEngine, Disposer } from '../engine'
import type { Tick } from '../../shared/objects'
import {
  EVENT_ACCOUNT,
  EVENT_CONTRACT,
  EVENT_GATEWAY,
  EVENT_LOG,
  EVENT_ORDER,
  EVENT_POSITION,
  EVENT_STRATEGY,
  EVENT_TICK,
  EVENT_TRADE,
} from '../../shared/events'
import { encodeEnvelope, type DeskEventMap } from './envelope'
import { DurableOutbox } from './durable-outbox'
import { DURABLE_KINDS, DeskSubjects, type DeskEventKind } from './subjects'
import { encodeTickFrame, TickFramer, type TickIdentity } from './tick-frame'

export interface StreamLimits {
  /** How long the stream keeps an event. Default 7 days. */
  maxAgeMs?: number
  /** How many bytes the stream keeps at most; the oldest go first. Default 1 GiB. */
  maxBytes?: number
}

export interface DeskPublisherOptions extends StreamLimits {
  desk: string
  /** The desk's host session id: new at every start. */
  hostSessionId: string
  /** Where the publisher reports (a log line on the desk). */
  log: (message: string, level?: 'INFO' | 'WARNING' | 'ERROR') => void
  /**
   * Gateways whose objects are not this desk's own: the desks it mirrors. Their events are theirs to publish;
   * sending them on again would double every tick of a monitor and echo between desks that mirror each other.
   */
  isMirrored?: (gatewayName: string) => boolean
}

type SingleKind = Exclude<DeskEventKind, 'tick'>

/** The engine event each desk kind but ticks (which go in frames) comes from, and how it is keyed on the subject. */
const SOURCES: { [K in SingleKind]: { type: string; key?: (data: DeskEventMap[K]) => string } } = {
  order: { type: EVENT_ORDER, key: (o) => o.vtOrderId },
  trade: { type: EVENT_TRADE, key: (t) => t.vtSymbol },
  position: { type: EVENT_POSITION, key: (p) => p.vtPositionId },
  account: { type: EVENT_ACCOUNT, key: (a) => a.vtAccountId },
  contract: { type: EVENT_CONTRACT, key: (c) => c.vtSymbol },
  log: { type: EVENT_LOG },
  gateway: { type: EVENT_GATEWAY, key: (g) => g.gatewayName },
  strategy: { type: EVENT_STRATEGY, key: (s) => s.strategyName },
}

export class DeskPublisher {
  readonly subjects: DeskSubjects
  readonly outbox: DurableOutbox
  private nc: NatsConnection | undefined
  private seq = 0
  private readonly disposers: Disposer[] = []
  /** Per subject: a tick subject is built once, not per tick. */
  private readonly subjectCache = new Map<string, string>()
  private readonly ticks = new TickFramer((id, rows) => this.publishFrame(id, rows))

  constructor(
    private readonly engine: EventEngine,
    private readonly options: DeskPublisherOptions,
  ) {
    this.subjects = new DeskSubjects(options.desk)
    this.outbox = new DurableOutbox({ log: (message) => options.log(message, 'WARNING') })
    for (const kind of Object.keys(SOURCES) as SingleKind[]) this.capture(kind)
    this.captureTicks()
  }

  /** The sequence number of the last event published in this session: a snapshot taken now reflects up to it. */
  get lastSeq(): number {
    return this.seq
  }

  /** The link is up: make sure the stream exists, then publish on `nc`. */
  async attach(nc: NatsConnection): Promise<void> {
    await this.ensureStream(nc)
    this.nc = nc
    this.outbox.attach(jetstream(nc))
  }

  detach(): void {
    this.nc = undefined
    this.ticks.discard()
    this.outbox.detach()
  }

  dispose(): void {
    this.detach()
    for (const dispose of this.disposers.splice(0)) dispose()
  }

  /** Ticks are gathered into frames (see TickFramer); while the link is down they are not kept. */
  private captureTicks(): void {
    const isMirrored = this.options.isMirrored
    this.disposers.push(
      this.engine.register(EVENT_TICK, (event) => {
        const tick = event.data as Tick
        if (this.nc === undefined || isMirrored?.(tick.gatewayName) === true) return
        this.ticks.add(tick)
      }),
    )
  }

  /**
   * A frame's ticks take the next sequence numbers, in order: numbered when sent, they come after any snapshot
   * that does not show them.
   */
  private publishFrame(id: TickIdentity, rows: number[][]): void {
    const seq = this.seq + 1
    this.seq += rows.length
    if (this.nc === undefined) return
    try {
      this.nc.publish(this.subjectOf('tick', id.vtSymbol), encodeTickFrame(this.options.hostSessionId, seq, id, rows))
    } catch {
      // Closed or draining: market data is not kept; monitors resnapshot when they are back.
    }
  }

  private capture<K extends SingleKind>(kind: K): void {
    const { type, key } = SOURCES[kind] as { type: string; key?: (data: DeskEventMap[K]) => string }
    const durable = DURABLE_KINDS.has(kind)
    const host = this.options.hostSessionId
    const isMirrored = this.options.isMirrored
    this.disposers.push(
      this.engine.register<string>(type, (event) => {
        const data = event.data as DeskEventMap[K]
        if (isMirrored !== undefined && 'gatewayName' in data && isMirrored(data.gatewayName)) return
        const seq = ++this.seq
        const subject = this.subjectOf(kind, key?.(data))
        if (durable) this.outbox.push(subject, encodeEnvelope(host, seq, data), `${host}:${seq}`)
        else if (this.nc !== undefined) {
          try {
            this.nc.publish(subject, encodeEnvelope(host, seq, data))
          } catch {
            // Closed or draining: market data is not kept; monitors resnapshot when they are back.
          }
        }
      }),
    )
  }

  private subjectOf(kind: DeskEventKind, key: string | undefined): string {
    if (key === undefined) return this.subjects.event(kind)
    const cacheKey = `${kind}\u0000${key}`
    let subject = this.subjectCache.get(cacheKey)
    if (subject === undefined) {
      subject = this.subjects.event(kind, key)
      // Orders are keyed by id, so their subjects are not worth keeping.
      if (kind !== 'order' && this.subjectCache.size < 100_000) this.subjectCache.set(cacheKey, subject)
    }
    return subject
  }

  private async ensureStream(nc: NatsConnection): Promise<void> {
    const jsm = await jetstreamManager(nc)
    const config = {
      name: this.subjects.stream,
      subjects: this.subjects.streamSubjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: (this.options.maxAgeMs ?? 7 * 86_400_000) * 1_000_000,
      max_bytes: this.options.maxBytes ?? 1024 ** 3,
      duplicate_window: 120 * 1_000_000_000,
    }
    let lastSeq: number
    try {
      await jsm.streams.info(config.name)
      lastSeq = (await jsm.streams.update(config.name, config)).state.last_seq
    } catch {
      lastSeq = (await jsm.streams.add(config)).state.last_seq
    }
    // What an earlier run of this desk left in the stream is older than anything a snapshot now shows.
    this.outbox.noteStreamSeq(lastSeq)
  }
}

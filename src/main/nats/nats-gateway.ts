/**
 * Mirrors a remote desk over NATS (vnpy's RpcGateway): its contracts, ticks,
 * orders, trades, positions and accounts appear here as a gateway's own, and
 * orders and cancels sent to this gateway go to the remote desk, which runs its
 * own risk check and owns the account.
 *
 * On every (re)connection the gateway takes a snapshot from the remote desk,
 * then replays the desk's stream after the last stream sequence it applied
 * (kept by a cursor store, so a monitor that was down catches up) or, the first
 * time, after the snapshot's. Orders apply when newer than the snapshot; trades
 * always (the trading core counts each vtTradeId once). A remote desk that
 * restarted (a new host session id) is snapshotted again.
 */
import type { ConsumerMessages } from '@nats-io/jetstream'
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node'
import { INTERVALS } from '../../shared/intervals'
import type { Result } from '../../shared/contract'
import {
  createOrderData,
  type Bar,
  type CancelRequest,
  type HistoryRequest,
  type Order,
  type OrderRequest,
  type SubscribeRequest,
  type Trade,
} from '../../shared/objects'
import type { EventEngine } from '../engine'
import { BaseGateway } from '../gateway/base-gateway'
import type { GatewaySetting } from '../gateway/gateway'
import { SNAPSHOT_CHANNEL, type DeskSnapshot } from './command-server'
import { requestDesk } from './desk-request'
import { decodeEnvelope, type DeskEventMap, type Envelope } from './envelope'
import { NatsLink, type NatsLinkOptions } from './link'
import { RemoteObjects } from './remote-objects'
import { decodeTickFrame } from './tick-frame'
import { openReplay, type MirrorCursorStore } from './stream-replay'
import { DeskSubjects, type DeskEventKind } from './subjects'

export interface NatsGatewayOptions {
  /** This desk: the remote desk sees its orders as coming from it. */
  self: { desk: string; sessionId: string }
  cursors?: MirrorCursorStore
  /** Trades this desk holds already, from before this run: not passed on again. */
  knownTrade?: (vtTradeId: string) => boolean
  /** How long a command's reply may take. Default 5 s. */
  requestTimeoutMs?: number
  clock?: () => number
  /** Link settings beyond the URL (NKey seed, CA file). */
  link?: Omit<NatsLinkOptions, 'url'>
}

const LIVE_KINDS = ['tick', 'position', 'account', 'contract'] as const

/** A message as received, live or from the stream; its subject is decoded from bytes only when read (for a drop). */
type Received = Pick<Msg, 'subject' | 'data'>

export class NatsGateway extends BaseGateway {
  readonly defaultSetting = { url: 'nats://127.0.0.1:4222', desk: '' }
  private link: NatsLink | undefined
  private nc: NatsConnection | undefined
  private subjects: DeskSubjects | undefined
  private readonly objects: RemoteObjects
  private readonly live: Subscription[] = []
  private stream: ConsumerMessages | undefined
  private snapshot: DeskSnapshot | undefined
  private syncing: Promise<void> | undefined
  private orderCount = 0
  private readonly idPrefix = Date.now().toString(36)
  /** Our orders whose fate the remote desk has not confirmed (the reply was lost). */
  private readonly unknownFate = new Map<string, Order>()
  private readonly ownReferences = new Map<string, string>()
  private malformed = 0
  private readonly subscribed = new Set<string>()
  /** Trades passed on, so one replayed after a reconnect reaches no handler twice (bounded: oldest forgotten). */
  private readonly seenTrades = new Set<string>()
  private readonly requestTimeoutMs: number
  private lastSetting: GatewaySetting = {}
  private linkOptions: NatsGatewayOptions['link']

  constructor(
    engine: EventEngine,
    gatewayName: string,
    private readonly options: NatsGatewayOptions,
  ) {
    super(engine, gatewayName, options.clock)
    this.objects = new RemoteObjects(gatewayName, options.self.desk)
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000
    this.linkOptions = options.link
  }

  /** The NKey seed and CA file of the next connect: a desk removed and added again may come with others. */
  useLink(link: NatsGatewayOptions['link']): void {
    this.linkOptions = link
  }

  /** Malformed messages dropped so far (the first is logged). */
  get malformedCount(): number {
    return this.malformed
  }

  connect(given: GatewaySetting): void {
    if (this.link !== undefined) return
    // Connect again after a disconnect (the Gateway menu sends no setting): the same desk at the same address.
    const setting = { ...this.lastSetting, ...given }
    this.lastSetting = setting
    const url = String(setting.url ?? this.defaultSetting.url)
    const desk = String(setting.desk || this.gatewayName)
    try {
      this.subjects = new DeskSubjects(desk)
      this.link = new NatsLink({ ...this.linkOptions, url, name: `eventdesk ${this.options.self.desk} → ${desk}` })
    } catch (err) {
      this.onStatus('disconnected', (err as Error).message)
      this.onLog(`Cannot mirror desk ${desk}: ${(err as Error).message}`, 'ERROR')
      return
    }
    this.onLog(`Mirroring desk ${desk} through NATS ${this.link.server}`)
    this.link.listen({
      onConnected: (nc) => this.resync(nc),
      onState: (state, message) => {
        if (state === 'connected') return // "connected" is said once the snapshot is applied
        if (state !== 'connecting') this.pause()
        this.onStatus(state, message)
      },
      onError: (message) => this.onLog(message, 'WARNING'),
    })
    this.link.start()
  }

  close(): void {
    this.pause()
    const link = this.link
    this.link = undefined
    void link?.close()
    this.onStatus('disconnected')
  }

  /** Asks the remote desk for the instrument's market data; said again after every resync. */
  subscribe(req: SubscribeRequest): void {
    const vtSymbol = `${req.symbol}.${req.exchange}`
    this.subscribed.add(vtSymbol)
    if (this.snapshot !== undefined) void this.request('market:subscribe', { vtSymbols: [vtSymbol] })
  }

  sendOrder(req: OrderRequest): string {
    const orderId = `${this.idPrefix}-${++this.orderCount}`
    const order = createOrderData(req, orderId, this.gatewayName, 'SUBMITTING', this.clock())
    this.ownReferences.set(orderId, order.reference)
    this.onOrder(order)
    if (this.nc === undefined || this.snapshot === undefined) {
      this.onOrder({ ...order, status: 'REJECTED', rejectReason: `${this.gatewayName}: not connected to the desk` })
      return order.vtOrderId
    }
    const request = {
      vtSymbol: order.vtSymbol,
      direction: req.direction,
      offset: req.offset,
      type: req.type,
      price: req.price,
      volume: req.volume,
    }
    void this.request<{ vtOrderId: string }>('order:send', request, orderId).then((reply) => {
      if (reply === 'timeout') {
        this.unknownFate.set(orderId, order)
        this.onLog(
          `Order ${order.vtOrderId}: no answer from desk ${this.subjects?.desk} in time; its fate is unknown until the link returns`,
          'WARNING',
        )
      } else if (!reply.ok)
        this.onOrder({ ...order, status: 'REJECTED', rejectReason: `${this.gatewayName}: ${reply.error.message}` })
      else this.objects.learn(orderId, reply.value.vtOrderId)
    })
    return order.vtOrderId
  }

  cancelOrder(req: CancelRequest): void {
    const vtOrderId = this.objects.remoteOrderId(req.orderId)
    if (vtOrderId === undefined) {
      this.onLog(`Cannot cancel ${req.orderId} yet: desk ${this.subjects?.desk} has not confirmed it`, 'WARNING')
      return
    }
    void this.request('order:cancel', { vtOrderId }).then((reply) => {
      if (reply === 'timeout' || !reply.ok)
        this.onLog(
          `Cancel of ${req.orderId}: ${reply === 'timeout' ? 'no answer in time' : reply.error.message}`,
          'WARNING',
        )
    })
  }

  queryAccount(): void {}
  queryPosition(): void {}

  /** The remote desk answers every chart interval (its trading core makes those its gateway lacks). */
  readonly historyIntervals = INTERVALS

  /** The remote desk's bars, as far back as one of its answers reaches (HISTORY_REACH) and no further than asked. */
  async queryHistory(req: HistoryRequest): Promise<Bar[]> {
    const request = {
      vtSymbol: `${req.symbol}.${req.exchange}`,
      interval: req.interval ?? '1m',
      ...(req.end !== undefined && { end: Math.floor(req.end) }),
    }
    const reply = await this.request<Bar[]>('market:history', request)
    if (reply === 'timeout' || !reply.ok) return []
    return reply.value
      .filter((bar) => bar.datetime >= req.start)
      .map((bar) => ({ ...bar, gatewayName: this.gatewayName }))
  }

  /** A command to the remote desk; 'timeout' when no reply came in time (or the link is down). */
  private async request<T>(
    channel: string,
    payload: unknown,
    clientOrderId?: string,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<Result<T> | 'timeout'> {
    const nc = this.nc
    const subjects = this.subjects
    if (nc === undefined || subjects === undefined) return 'timeout'
    return requestDesk<T>(nc, subjects, this.options.self, { channel, payload, clientOrderId, timeoutMs })
  }

  private pause(): void {
    for (const sub of this.live.splice(0)) sub.unsubscribe()
    void this.stream?.close()
    this.stream = undefined
    this.nc = undefined
  }

  /** Snapshot, then live data and the stream from where this monitor left off. */
  private resync(nc: NatsConnection): Promise<void> {
    this.syncing ??= this.doResync(nc).finally(() => (this.syncing = undefined))
    return this.syncing
  }

  private async doResync(nc: NatsConnection): Promise<void> {
    const subjects = this.subjects
    if (subjects === undefined || this.link === undefined) return
    this.pause()
    this.nc = nc
    this.onStatus('connecting', `waiting for desk ${subjects.desk}`)
    // A snapshot is larger than a command's reply and comes once per connection: it may take longer.
    const reply = await this.request<DeskSnapshot>(
      SNAPSHOT_CHANNEL,
      {},
      undefined,
      Math.max(10_000, this.requestTimeoutMs),
    )
    if (reply === 'timeout' || !reply.ok) {
      this.onStatus('reconnecting', `desk ${subjects.desk} does not answer`)
      setTimeout(() => {
        if (this.nc === nc && !nc.isClosed()) void this.resync(nc)
      }, 2000).unref()
      return
    }
    const snapshot = reply.value
    const previous = this.snapshot
    if (previous !== undefined && previous.hostSessionId !== snapshot.hostSessionId)
      this.onLog(`Desk ${subjects.desk} restarted: taking its state afresh`, 'WARNING')
    this.snapshot = snapshot
    for (const kind of LIVE_KINDS)
      this.live.push(
        nc.subscribe(subjects.allOf(kind), {
          callback: (err, msg) => {
            if (err === null) this.receive(kind, msg)
          },
        }),
      )
    this.applySnapshot(snapshot)
    if (this.subscribed.size > 0) void this.request('market:subscribe', { vtSymbols: [...this.subscribed] })
    await this.follow(nc, subjects, snapshot)
    this.onStatus('connected')
  }

  private applySnapshot(snapshot: DeskSnapshot): void {
    const s = snapshot.snapshot
    for (const contract of s.contracts) this.onContract(this.objects.contract(contract))
    for (const account of s.accounts) this.onAccount(this.objects.account(account))
    for (const position of s.positions) this.onPosition(this.objects.position(position))
    for (const tick of s.ticks) this.onTick(this.objects.tick(tick))
    for (const order of s.orders) this.applyOrder(order)
  }

  /**
   * Our orders whose reply was lost are settled once the replay has reached what the stream held when we came
   * back: an order the desk received has shown up by then (and left `unknownFate`); the rest never reached it.
   */
  private settleUnknownFate(): void {
    for (const [orderId, order] of this.unknownFate) {
      this.unknownFate.delete(orderId)
      this.onOrder({ ...order, status: 'REJECTED', rejectReason: `${this.gatewayName}: the desk never received it` })
    }
  }

  /**
   * Replays the desk's stream from where this monitor left off (its cursor), or from the start of the day for a
   * monitor that never saw this desk, then follows it live. Stream sequences count on across the desk's
   * restarts, so the cursor holds whatever the desk did meanwhile.
   */
  private async follow(nc: NatsConnection, subjects: DeskSubjects, snapshot: DeskSnapshot): Promise<void> {
    const replay = await openReplay(nc, snapshot.stream, this.options.cursors?.load(this.gatewayName), this.clock())
    if (replay.gap)
      this.onLog(
        `Desk ${subjects.desk}'s stream no longer holds everything since this monitor last saw it: the day is replayed and older updates may be missing`,
        'WARNING',
      )
    this.stream = replay.messages
    if (replay.caughtUp) this.settleUnknownFate()
    void (async () => {
      for await (const msg of replay.messages) {
        const parsed = subjects.parse(msg.subject)
        if (parsed !== undefined) this.receive(parsed.kind, msg, msg.seq)
        this.options.cursors?.save(this.gatewayName, { hostSessionId: snapshot.hostSessionId, streamSeq: msg.seq })
        if (msg.info.pending === 0) this.settleUnknownFate()
      }
    })().catch(() => undefined)
  }

  /** `streamSeq`: the message's place in the desk's stream, for what comes from the stream. */
  private receive(kind: DeskEventKind, msg: Received, streamSeq?: number): void {
    if (kind === 'tick') return this.receiveTicks(msg)
    const decoded = decodeEnvelope(kind, msg.data)
    if (!decoded.ok) return this.drop(msg, decoded.reason)
    const envelope = decoded.envelope
    const snapshot = this.snapshot
    if (snapshot === undefined) return
    // History from the stream applies in the stream's order, whichever run of the desk wrote it.
    if (streamSeq !== undefined && streamSeq <= snapshot.streamSeq) return this.apply(kind, envelope)
    if (this.fromThisRun(envelope.host)) this.apply(kind, envelope)
  }

  /** A frame of one instrument's ticks (see tick-frame.ts): each valid tick reaches the engine, in order. */
  private receiveTicks(msg: Received): void {
    const decoded = decodeTickFrame(msg.data, this.gatewayName)
    if (!decoded.ok) return this.drop(msg, decoded.reason)
    const frame = decoded.frame
    if (frame.malformed > 0) this.drop(msg, frame.reason ?? '', frame.malformed)
    if (this.snapshot === undefined || !this.fromThisRun(frame.host)) return
    for (const tick of frame.ticks) this.onTick(tick)
  }

  /**
   * Is a live event from the run of the desk our snapshot shows? If not, the desk restarted: take its state afresh
   * (the stream goes on from our cursor).
   */
  private fromThisRun(host: string): boolean {
    if (host === this.snapshot?.hostSessionId) return true
    if (this.nc !== undefined) void this.resync(this.nc)
    return false
  }

  /** Malformed messages (or rows of a tick frame) are counted; the first is logged. */
  private drop(msg: Received, reason: string, count = 1): void {
    if (this.malformed === 0) this.onLog(`Dropped a malformed message on ${msg.subject}: ${reason}`, 'WARNING')
    this.malformed += count
  }

  private apply(kind: DeskEventKind, envelope: Envelope): void {
    const data = envelope.data
    switch (kind) {
      case 'tick':
        return this.onTick(this.objects.tick(data as DeskEventMap['tick']))
      case 'position':
        return this.onPosition(this.objects.position(data as DeskEventMap['position']))
      case 'account':
        return this.onAccount(this.objects.account(data as DeskEventMap['account']))
      case 'contract':
        return this.onContract(this.objects.contract(data as DeskEventMap['contract']))
      case 'order':
        // In the stream's order each order's last update is its latest state.
        return this.applyOrder(data as DeskEventMap['order'])
      case 'trade':
        return this.applyTrade(data as DeskEventMap['trade'])
      default:
        return // logs and strategy state of the remote desk stay there
    }
  }

  private applyTrade(remote: Trade): void {
    const trade = this.objects.trade(remote)
    if (this.seenTrades.has(trade.vtTradeId) || this.options.knownTrade?.(trade.vtTradeId)) return
    this.seenTrades.add(trade.vtTradeId)
    if (this.seenTrades.size > 200_000) this.seenTrades.delete(this.seenTrades.values().next().value as string)
    const reference = this.ownReferences.get(trade.orderId)
    if (reference !== undefined) trade.reference = reference
    this.onTrade(trade)
  }

  private applyOrder(remote: Order): void {
    const order = this.objects.order(remote)
    const reference = this.ownReferences.get(order.orderId)
    if (reference !== undefined) order.reference = reference
    this.unknownFate.delete(order.orderId)
    this.onOrder(order)
  }
}

/**
 * Answers commands that come to a desk over NATS (request/reply on
 * `eventdesk.<desk>.cmd.<channel>`), through the same bridge as every window:
 * the same contract schemas validate them, and each sender (a remote desk's
 * session, named in the `EventDesk-Desk` and `EventDesk-Session` headers) is a
 * bridge session of its own, so rate limits apply per sender. One more
 * channel, `desk:snapshot`, answers what a monitor needs to start: the desk's
 * state, the host session id, and how far into the event sequence and the
 * stream that state reaches.
 */
import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node'
import { fail, type Result, type Snapshot } from '../../shared/contract'
import { PROTOCOL_VERSION } from '../../shared/protocol'
import type { Bridge, ClientSession } from '../bridge'
import { decodeToken, isDeskName, type DeskSubjects } from './subjects'

export const HEADER_DESK = 'EventDesk-Desk'
export const HEADER_SESSION = 'EventDesk-Session'
/** The sender's own id for an order it sends, so it can find the order again if the reply is lost. */
export const HEADER_CLIENT_ORDER_ID = 'EventDesk-Client-Order-Id'
export const HEADER_PROTOCOL = 'EventDesk-Protocol'
export const SNAPSHOT_CHANNEL = 'desk:snapshot'

/** What `desk:snapshot` answers: the latest state and working orders; history (orders, trades, logs) is in the stream. */
export interface DeskSnapshot {
  protocolVersion: number
  desk: string
  hostSessionId: string
  /** The snapshot reflects every event up to this sequence number of the host session. */
  seq: number
  /** …and the stream holds every durable one of them up to this stream sequence (later ones may be older events). */
  streamSeq: number
  stream: string
  snapshot: Snapshot
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/
const CLIENT_ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/
/** Channels that make sense only for a window's push stream. */
const WINDOW_ONLY = new Set(['session:subscribe', 'session:ack'])
const MAX_COMMAND_BYTES = 1 << 20

export interface CommandServerOptions {
  bridge: Bridge
  subjects: DeskSubjects
  hostSessionId: string
  snapshot: () => Omit<DeskSnapshot, 'protocolVersion' | 'desk' | 'hostSessionId' | 'stream'>
  /** Senders kept at most; the longest idle goes first. Default 256. */
  maxSenders?: number
}

/** The order reference a remote sender's orders carry: who sent them, and the sender's own id for each. */
export function remoteReference(senderDesk: string, clientOrderId?: string): string {
  return clientOrderId === undefined ? `remote:${senderDesk}` : `remote:${senderDesk}:${clientOrderId}`
}

export class DeskCommandServer {
  private subscription: Subscription | undefined
  private readonly senders = new Map<string, ClientSession>()

  constructor(private readonly options: CommandServerOptions) {}

  attach(nc: NatsConnection): void {
    this.subscription?.unsubscribe()
    this.subscription = nc.subscribe(this.options.subjects.commands, {
      callback: (err, msg) => {
        if (err === null) void this.answer(msg)
      },
    })
  }

  detach(): void {
    this.subscription?.unsubscribe()
    this.subscription = undefined
  }

  dispose(): void {
    this.detach()
    for (const session of this.senders.values()) session.dispose()
    this.senders.clear()
  }

  private async answer(msg: Msg): Promise<void> {
    let result: Result<unknown>
    try {
      result = await this.handle(msg)
    } catch (err) {
      result = fail('INTERNAL', `Internal error: ${err instanceof Error ? err.message : String(err)}`)
    }
    if (msg.reply === undefined || msg.reply === '') return
    const h = natsHeaders()
    h.set(HEADER_PROTOCOL, String(PROTOCOL_VERSION))
    try {
      msg.respond(JSON.stringify(result), { headers: h })
    } catch {
      // The connection closed under us: the sender's request times out and says so.
    }
  }

  private async handle(msg: Msg): Promise<Result<unknown>> {
    const channel = decodeToken(msg.subject.slice(msg.subject.lastIndexOf('.') + 1))
    if (channel === undefined) return fail('UNKNOWN_CHANNEL', 'Unreadable command subject')
    const desk = msg.headers?.get(HEADER_DESK) ?? ''
    const sessionId = msg.headers?.get(HEADER_SESSION) ?? ''
    if (!isDeskName(desk) || !SESSION_ID.test(sessionId))
      return fail(
        'UNAUTHENTICATED',
        `A command over NATS must name its desk and session (${HEADER_DESK}, ${HEADER_SESSION})`,
      )
    if (channel === SNAPSHOT_CHANNEL) {
      const { subjects, hostSessionId } = this.options
      const snapshot: DeskSnapshot = {
        protocolVersion: PROTOCOL_VERSION,
        desk: subjects.desk,
        hostSessionId,
        stream: subjects.stream,
        ...this.options.snapshot(),
      }
      return { ok: true, value: snapshot }
    }
    if (WINDOW_ONLY.has(channel)) return fail('FAILED_PRECONDITION', `${channel} is for windows, not over NATS`)
    if (msg.data.length > MAX_COMMAND_BYTES) return fail('INVALID_ARGUMENT', 'The request is too large')
    let payload: unknown
    try {
      payload = msg.data.length === 0 ? {} : JSON.parse(new TextDecoder().decode(msg.data))
    } catch {
      return fail('INVALID_ARGUMENT', 'The request is not JSON')
    }
    const clientOrderId = msg.headers?.get(HEADER_CLIENT_ORDER_ID) || undefined
    if (clientOrderId !== undefined && !CLIENT_ORDER_ID.test(clientOrderId))
      return fail('INVALID_ARGUMENT', `${HEADER_CLIENT_ORDER_ID} may hold 1-64 letters, digits, _ or -`)
    const session = this.senderSession(`${desk}/${sessionId}`)
    return this.options.bridge.handle(session, channel, payload, { reference: remoteReference(desk, clientOrderId) })
  }

  private senderSession(key: string): ClientSession {
    let session = this.senders.get(key)
    if (session !== undefined) {
      // Most recently used last, so the first is the one to let go.
      this.senders.delete(key)
      this.senders.set(key, session)
      return session
    }
    session = this.options.bridge.open(() => {}, `remote desk ${key}`)
    this.senders.set(key, session)
    const max = this.options.maxSenders ?? 256
    while (this.senders.size > max) {
      const [oldestKey, oldest] = this.senders.entries().next().value as [string, ClientSession]
      this.senders.delete(oldestKey)
      oldest.dispose()
    }
    return session
  }
}

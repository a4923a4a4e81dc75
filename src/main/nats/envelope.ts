/**
 * What one event message on a desk's subject carries: the protocol version,
 * the desk's host session id (new at every start of the desk), the event's
 * sequence number within that session, and the object itself. The kind and
 * the key are in the subject. Monitors use `host` and `seq` to apply each
 * event once: a snapshot says up to which `seq` it reflects the desk.
 */
import * as v from 'valibot'
import {
  accountSchema,
  contractSchema,
  gatewayStatusSchema,
  logSchema,
  orderSchema,
  positionSchema,
  strategyStateSchema,
  tickSchema,
  tradeSchema,
} from '../../shared/object-schemas'
import { PROTOCOL_VERSION } from '../../shared/protocol'
import type { PushMap } from '../../shared/push'
import type { DeskEventKind } from './subjects'

/** The object each kind carries: a window's push map, but the engine's metrics and the unpolled fills. */
export type DeskEventMap = Omit<PushMap, 'metrics' | 'unpolled'>

export interface Envelope<K extends DeskEventKind = DeskEventKind> {
  /** Protocol version. */
  v: number
  /** The publishing desk's host session id. */
  host: string
  /** Position of this event among everything the desk published in this session: 1, 2, 3, … */
  seq: number
  data: DeskEventMap[K]
}

const payloadSchemas: { [K in DeskEventKind]: v.GenericSchema<unknown, DeskEventMap[K]> } = {
  tick: tickSchema,
  order: orderSchema,
  trade: tradeSchema,
  position: positionSchema,
  account: accountSchema,
  contract: contractSchema,
  log: logSchema,
  gateway: gatewayStatusSchema,
  strategy: strategyStateSchema,
}

/**
 * The envelope's own fields, checked by hand (a tick frame has them too). A message of another protocol version
 * is refused by name: an older desk's message would be misread (4: ticks travel in frames, see tick-frame.ts).
 */
function checkEnvelope(json: unknown): Envelope<DeskEventKind> | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not an object'
  const { v: version, host, seq } = json as Record<string, unknown>
  if (typeof version !== 'number') return 'v must be a number'
  if (version !== PROTOCOL_VERSION) return `protocol version ${version}, this desk speaks ${PROTOCOL_VERSION}`
  if (typeof host !== 'string' || host.length === 0 || host.length > 128) return 'host must be 1-128 characters'
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return 'seq must be a whole number from 1'
  return json as Envelope<DeskEventKind>
}

/** Largest event message a monitor reads; a tick frame stays well below it (see MAX_FRAME_TICKS). */
export const MAX_EVENT_BYTES = 256 * 1024

export function encodeEnvelope<K extends DeskEventKind>(host: string, seq: number, data: DeskEventMap[K]): string {
  return `{"v":${PROTOCOL_VERSION},"host":${JSON.stringify(host)},"seq":${seq},"data":${JSON.stringify(data)}}`
}

export type Decoded<K extends DeskEventKind> = { ok: true; envelope: Envelope<K> } | { ok: false; reason: string }

/**
 * A received message's JSON, its envelope fields checked (a tick frame has them too); `what` names the message
 * in the reason. Never throws.
 */
export function readEnvelope(
  bytes: Uint8Array,
  what: string,
): { ok: true; message: Envelope & Record<string, unknown> } | { ok: false; reason: string } {
  if (bytes.length > MAX_EVENT_BYTES)
    return { ok: false, reason: `${bytes.length} bytes, more than ${MAX_EVENT_BYTES}` }
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf-8'))
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  const outer = checkEnvelope(json)
  if (typeof outer === 'string') return { ok: false, reason: `not ${what}: ${outer}` }
  return { ok: true, message: outer as Envelope & Record<string, unknown> }
}

/** Checks a received message all the way down; never throws. Ticks come in frames instead (see tick-frame.ts). */
export function decodeEnvelope<K extends DeskEventKind>(kind: K, bytes: Uint8Array): Decoded<K> {
  const read = readEnvelope(bytes, 'an event envelope')
  if (!read.ok) return read
  const outer = read.message
  const schema: v.GenericSchema<unknown, DeskEventMap[K]> = payloadSchemas[kind]
  const data = v.safeParse(schema, outer.data)
  if (!data.success) return { ok: false, reason: `not a valid ${kind}: ${describe(data.issues[0])}` }
  return { ok: true, envelope: { ...outer, data: data.output as DeskEventMap[K] } }
}

function describe(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue)
  return path === null ? issue.message : `${path} ${issue.message}`
}

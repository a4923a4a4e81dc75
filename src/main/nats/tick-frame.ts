/**
 * Ticks travel over NATS in frames: several ticks of one instrument in one
 * message on that instrument's subject (`eventdesk.<desk>.tick.<key>`).
 *
 * Measured on the benchmark, one JSON envelope per tick spent most of both
 * ends' time writing and reading ~1 KB of repeated field names: the desk in
 * `JSON.stringify` and the client's UTF-8 copies, the monitor in `JSON.parse`.
 * A frame names the instrument once; its first tick is a row of all the
 * tick's numbers, in the order of `tickRow`, and each later tick lists only
 * the numbers that differ from the tick before it, as column-value pairs
 * (limits, the open, the previous close and most depth levels repeat from one
 * tick to the next; a number that is not finite is always listed again):
 *
 *     {"v":4,"host":"…","seq":41,"id":{"gatewayName":…,"symbol":…,"exchange":…,"vtSymbol":…,"name":…},
 *      "ticks":[[datetime,lastPrice,…,askVolume5],[0,datetime,3,volume],…]}
 *
 * Each frame stands alone: nothing in it refers to an earlier message.
 * `seq` is the first tick's sequence number; the frame's ticks hold `seq`,
 * `seq + 1`, … in order. A tick whose instrument texts differ from the pending
 * frame's starts a new frame, so no tick loses a field.
 */
import { checkTick } from '../../shared/object-schemas'
import type { Tick } from '../../shared/objects'
import { PROTOCOL_VERSION } from '../../shared/protocol'
import { readEnvelope } from './envelope'

/** What names a frame's instrument: a tick's text fields. */
export type TickIdentity = Pick<Tick, 'gatewayName' | 'symbol' | 'exchange' | 'vtSymbol' | 'name'>

/** Numbers per row: every numeric field of a tick. */
export const TICK_ROW_LENGTH = 32

/**
 * Most ticks in one frame. A row is at most 32 numbers (or pairs) of at most 24 characters each, so even a frame
 * of rows that all change every number stays well below the 256 KB a monitor reads (MAX_EVENT_BYTES).
 */
export const MAX_FRAME_TICKS = 128

/** A tick's numbers in frame order. `tickFromRow` reads them back in the same order (a test holds the two together). */
export function tickRow(t: Tick): number[] {
  return [
    t.datetime,
    t.lastPrice,
    t.lastVolume,
    t.volume,
    t.turnover,
    t.openInterest,
    t.openPrice,
    t.highPrice,
    t.lowPrice,
    t.preClose,
    t.limitUp,
    t.limitDown,
    t.bidPrice1,
    t.bidPrice2,
    t.bidPrice3,
    t.bidPrice4,
    t.bidPrice5,
    t.askPrice1,
    t.askPrice2,
    t.askPrice3,
    t.askPrice4,
    t.askPrice5,
    t.bidVolume1,
    t.bidVolume2,
    t.bidVolume3,
    t.bidVolume4,
    t.bidVolume5,
    t.askVolume1,
    t.askVolume2,
    t.askVolume3,
    t.askVolume4,
    t.askVolume5,
  ]
}

/**
 * What differs in `row` from `before`, as `[column, value, …]`. NaN equals nothing, so it is listed again in every
 * row that still has it: the monitor, which drops such a tick, never takes a number from it as a base.
 */
export function rowChanges(before: readonly number[], row: readonly number[]): number[] {
  const changes: number[] = []
  for (let i = 0; i < TICK_ROW_LENGTH; i++) if (row[i] !== before[i]) changes.push(i, row[i])
  return changes
}

/** The tick a row stands for, under `gatewayName`. Reads `row` in `tickRow`'s order. */
function tickFromRow(id: TickIdentity, gatewayName: string, r: readonly number[]): Tick {
  return {
    gatewayName,
    symbol: id.symbol,
    exchange: id.exchange,
    vtSymbol: id.vtSymbol,
    name: id.name,
    datetime: r[0],
    lastPrice: r[1],
    lastVolume: r[2],
    volume: r[3],
    turnover: r[4],
    openInterest: r[5],
    openPrice: r[6],
    highPrice: r[7],
    lowPrice: r[8],
    preClose: r[9],
    limitUp: r[10],
    limitDown: r[11],
    bidPrice1: r[12],
    bidPrice2: r[13],
    bidPrice3: r[14],
    bidPrice4: r[15],
    bidPrice5: r[16],
    askPrice1: r[17],
    askPrice2: r[18],
    askPrice3: r[19],
    askPrice4: r[20],
    askPrice5: r[21],
    bidVolume1: r[22],
    bidVolume2: r[23],
    bidVolume3: r[24],
    bidVolume4: r[25],
    bidVolume5: r[26],
    askVolume1: r[27],
    askVolume2: r[28],
    askVolume3: r[29],
    askVolume4: r[30],
    askVolume5: r[31],
  }
}

export function identityOf(t: Tick): TickIdentity {
  return { gatewayName: t.gatewayName, symbol: t.symbol, exchange: t.exchange, vtSymbol: t.vtSymbol, name: t.name }
}

export function sameIdentity(id: TickIdentity, t: Tick): boolean {
  return (
    id.vtSymbol === t.vtSymbol &&
    id.name === t.name &&
    id.gatewayName === t.gatewayName &&
    id.symbol === t.symbol &&
    id.exchange === t.exchange
  )
}

/** One frame message; `seq` is its first tick's sequence number. */
export function encodeTickFrame(host: string, seq: number, id: TickIdentity, rows: number[][]): string {
  const envelope = `{"v":${PROTOCOL_VERSION},"host":${JSON.stringify(host)},"seq":${seq}`
  return `${envelope},"id":${JSON.stringify(id)},"ticks":${JSON.stringify(rows)}}`
}

export interface TickFrame {
  host: string
  seq: number
  /** The frame's valid ticks, in order, under the monitor's gateway name. */
  ticks: Tick[]
  /** Rows dropped as malformed (a NaN the desk's JSON wrote as null, a row of the wrong length)… */
  malformed: number
  /** …and why the first of them was. */
  reason?: string
}

export type DecodedFrame = { ok: true; frame: TickFrame } | { ok: false; reason: string }

const ZERO_ROW: readonly number[] = Array.from({ length: TICK_ROW_LENGTH }, () => 0)

/** Why a full row is not a tick's numbers; undefined when it is. */
function rowProblem(row: readonly unknown[]): string | undefined {
  for (let i = 0; i < TICK_ROW_LENGTH; i++) {
    const n = row[i]
    // JSON has no NaN (the desk's JSON.stringify writes null), but 1e999 parses to Infinity.
    if (typeof n !== 'number' || !Number.isFinite(n)) return `number ${i + 1} of a row must be a finite number`
  }
  return undefined
}

/** Applies a row of changes to `state`; false when it is not a list of column-value pairs. */
function applyChanges(state: unknown[], changes: unknown): boolean {
  if (!Array.isArray(changes) || changes.length % 2 !== 0 || changes.length > 2 * TICK_ROW_LENGTH) return false
  for (let i = 0; i < changes.length; i += 2) {
    const column: unknown = changes[i]
    if (typeof column !== 'number' || !Number.isInteger(column) || column < 0 || column >= TICK_ROW_LENGTH) return false
    state[column] = changes[i + 1]
  }
  return true
}

/**
 * Checks a received frame all the way down; never throws. The envelope, the instrument (by `checkTick`, as a lone
 * tick would be) and the first row's shape are checked once per frame, each tick's numbers one by one: a tick
 * with a number that is not finite is dropped alone. A row of changes that is not column-value pairs leaves the
 * ticks after it without a base: they are dropped with it.
 */
export function decodeTickFrame(bytes: Uint8Array, gatewayName: string): DecodedFrame {
  const read = readEnvelope(bytes, 'a tick frame')
  if (!read.ok) return read
  const outer = read.message
  const { id, ticks: rows } = outer
  if (typeof id !== 'object' || id === null) return { ok: false, reason: 'not a tick frame: id must be an object' }
  const identity = id as TickIdentity
  const wrongId = checkTick(tickFromRow(identity, identity.gatewayName, ZERO_ROW))
  if (wrongId !== undefined) return { ok: false, reason: `not a valid tick: ${wrongId}` }
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_FRAME_TICKS)
    return { ok: false, reason: `not a tick frame: ticks must be a list of 1-${MAX_FRAME_TICKS} rows` }
  const first: unknown = rows[0]
  if (!Array.isArray(first) || first.length !== TICK_ROW_LENGTH)
    return { ok: false, reason: `not a tick frame: the first row must hold ${TICK_ROW_LENGTH} numbers` }
  const frame: TickFrame = { host: outer.host, seq: outer.seq, ticks: [], malformed: 0 }
  // The rows are ours to change: the first becomes each tick's numbers in turn.
  const state = first as unknown[]
  for (let r = 0; r < rows.length; r++) {
    if (r > 0 && !applyChanges(state, rows[r])) {
      frame.malformed += rows.length - r
      frame.reason ??= 'not a valid tick: a row of changes must be pairs of a column and a number'
      break
    }
    const wrong = rowProblem(state)
    if (wrong === undefined) frame.ticks.push(tickFromRow(identity, gatewayName, state as number[]))
    else if (frame.malformed++ === 0) frame.reason = `not a valid tick: ${wrong}`
  }
  return { ok: true, frame }
}

/**
 * Gathers a desk's ticks into frames, per instrument, and hands each frame on (`send`) once the code that put
 * them is done (a microtask: the engine dispatches a slice of its queue in one go, so a frame holds what one
 * slice brought of its instrument and waits for nothing more), or at once when a frame is full.
 */
export class TickFramer {
  /** Per instrument: the frame's identity, its rows as sent, and its last tick's full row (the base of the next). */
  private readonly pending = new Map<string, { id: TickIdentity; rows: number[][]; last: number[] }>()
  private scheduled = false

  constructor(private readonly send: (id: TickIdentity, rows: number[][]) => void) {}

  add(tick: Tick): void {
    let frame = this.pending.get(tick.vtSymbol)
    if (frame !== undefined && !sameIdentity(frame.id, tick)) {
      this.flushOne(tick.vtSymbol)
      frame = undefined
    }
    const row = tickRow(tick)
    if (frame === undefined) this.pending.set(tick.vtSymbol, { id: identityOf(tick), rows: [row], last: row })
    else {
      frame.rows.push(rowChanges(frame.last, row))
      frame.last = row
      if (frame.rows.length >= MAX_FRAME_TICKS) this.flushOne(tick.vtSymbol)
    }
    if (!this.scheduled) {
      this.scheduled = true
      queueMicrotask(this.flush)
    }
  }

  /** Every pending frame goes out now, in the order their first ticks came. */
  readonly flush = (): void => {
    this.scheduled = false
    for (const vtSymbol of this.pending.keys()) this.flushOne(vtSymbol)
  }

  /** Pending ticks are forgotten (the link went down: market data is not kept). */
  discard(): void {
    this.pending.clear()
  }

  private flushOne(vtSymbol: string): void {
    const frame = this.pending.get(vtSymbol)
    if (frame === undefined) return
    this.pending.delete(vtSymbol)
    this.send(frame.id, frame.rows)
  }
}

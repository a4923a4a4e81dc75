/**
 * Event types, with vnpy's values so vnpy users recognise them.
 *
 * A keyed type is the constant plus a key: `EVENT_TICK + 'IF2412.CFFEX'`,
 * `EVENT_ORDER + vtOrderId`. The trading core puts every gateway update under
 * the generic type and under the keyed one, so listening to one instrument or
 * one order is a plain `register`.
 */
import type { Account, Contract, GatewayStatus, Log, Order, Position, Tick, Trade, UnpolledFills } from './objects'
import type { StrategyState } from './strategy'

export const EVENT_TIMER = 'eTimer'
export const EVENT_LOG = 'eLog'
export const EVENT_TICK = 'eTick.'
export const EVENT_ORDER = 'eOrder.'
export const EVENT_TRADE = 'eTrade.'
export const EVENT_POSITION = 'ePosition.'
export const EVENT_ACCOUNT = 'eAccount.'
export const EVENT_CONTRACT = 'eContract.'
/** Gateway connection state changes (EventDesk's own, so a window can show the connection). */
export const EVENT_GATEWAY = 'eGateway'
/** A strategy instance's state or variables changed (vnpy's `eCtaStrategy`). */
export const EVENT_STRATEGY = 'eStrategy'
/** Which fills the last position and account polls do not show yet changed (EventDesk's own). */
export const EVENT_UNPOLLED = 'eUnpolled'

/** Payload of a timer event: when it was due and how late it came. */
export interface TimerData {
  /** Which deadline this is, counted in intervals since `start()`: 1, 2, …; when the loop fell behind, the skipped ones are not delivered, so counts can jump. */
  count: number
  /** When it was due, epoch milliseconds. */
  due: number
}

/** Unkeyed event types and their payloads. */
export interface EventMap {
  [EVENT_TIMER]: TimerData
  [EVENT_LOG]: Log
  [EVENT_GATEWAY]: GatewayStatus
  [EVENT_STRATEGY]: StrategyState
  [EVENT_UNPOLLED]: UnpolledFills
}

/** Keyed event families: the generic type and every `prefix + key` carry this payload. */
export interface KeyedEventMap {
  [EVENT_TICK]: Tick
  [EVENT_ORDER]: Order
  [EVENT_TRADE]: Trade
  [EVENT_POSITION]: Position
  [EVENT_ACCOUNT]: Account
  [EVENT_CONTRACT]: Contract
}

/** The payload of a keyed type: `eTick.` and `eTick.IF2612.CFFEX` both carry a Tick. */
type KeyedPayload<K extends string> = {
  [P in keyof KeyedEventMap]: K extends `${P}${string}` ? KeyedEventMap[P] : never
}[keyof KeyedEventMap]

/** The payload type of an event type, known at compile time for the constants above. */
export type EventPayload<K extends string> = K extends keyof EventMap
  ? EventMap[K]
  : [KeyedPayload<K>] extends [never]
    ? unknown
    : KeyedPayload<K>

export interface EngineEvent<T = unknown> {
  type: string
  data?: T
}

/** An event whose payload type follows from its type string. */
export type TypedEvent<K extends string> = { type: K; data?: EventPayload<K> }

export type Handler<T = unknown> = (event: EngineEvent<T>) => void

/** Snapshot of the engine's counters, readable at any time (the status bar shows them). */
export interface EngineMetrics {
  lanes: LaneMetrics[]
  /** Events dispatched per event family (`eTick.`, `eOrder.`, `eLog`, …). */
  dispatched: Record<string, number>
  dispatchedTotal: number
  handlerErrors: number
  handlerCount: number
  /** Longest uninterrupted drain slice since start, milliseconds. */
  longestSliceMs: number
  timer: { count: number; maxLateMs: number; lastLateMs: number }
}

export interface LaneMetrics {
  name: string
  depth: number
  highWater: number
}

/** The family of an event type: the keyed prefix (`eTick.`) or the type itself (`eLog`). */
export function eventFamily(type: string): string {
  const dot = type.indexOf('.')
  return dot < 0 ? type : type.slice(0, dot + 1)
}

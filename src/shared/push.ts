/**
 * The push half of the wire contract (host → window): what a window can
 * receive, by kind, and the one table both sides read to handle a kind. The
 * host's sessions queue or coalesce by it; the window's store applies by it.
 *
 * A new kind (a strategy-removed push, pending positions) is an entry in
 * `PushMap` and a row in `PUSH_RULES`, placed where it must be applied; the
 * compiler then points at each place that must handle it (the session's
 * engine handler, the store's rows, its snapshot).
 */
import type { EngineMetrics } from './events'
import type { Account, Contract, GatewayStatus, Log, Order, Position, Tick, Trade, UnpolledFills } from './objects'
import type { StrategyState } from './strategy'

/** What a window can receive, by kind. */
export interface PushMap {
  tick: Tick
  order: Order
  trade: Trade
  position: Position
  account: Account
  contract: Contract
  log: Log
  gateway: GatewayStatus
  strategy: StrategyState
  metrics: DeskMetrics
  /** Which fills the last position and account polls do not show yet: those positions and accounts are pending. */
  unpolled: UnpolledFills
}

/** The journal's health, for the status bar. */
export interface JournalStatus {
  /**
   * 'ok': everything is committed before a window sees it; 'failing': it
   * cannot write (`message` says why), trading goes on; 'memory': an
   * ephemeral desk's journal, kept in memory only.
   */
  state: 'ok' | 'failing' | 'memory'
  /** The journal file, when there is one. */
  path?: string
  message?: string
  /** Trades, logs and order updates that could not be kept while it failed. */
  lost: number
}

/** What the status bar shows of the desk: the engine's metrics and the journal's health. */
export interface DeskMetrics extends EngineMetrics {
  journal?: JournalStatus
}
export type PushKind = keyof PushMap

/** How one kind travels and how a window keeps it. */
type PushRule<T> =
  | {
      /**
       * A `fact` is queued in arrival order, never coalesced or dropped, and
       * goes out on the next turn (a trader waits for a fill, not a frame). A
       * `latest` value replaces an older one with the same key and goes out at
       * most once per frame, so a lagging window gets the latest only.
       */
      delivery: 'fact' | 'latest'
      /** `row`: a window updates a row in place by `key`. `value`: it keeps the one latest value. */
      held: 'row' | 'value'
      /** The natural key: what a row is updated by, and what a newer latest value replaces. */
      key: (value: T) => string
    }
  /** A `line` is appended to the window's log: it has no key and nothing replaces it. */
  | { delivery: 'fact'; held: 'line' }

/**
 * Every kind, in apply order: the order a window applies a batch in, and the
 * order the host writes a batch's kinds in. Orders and trades first (a fill
 * must be known before the tick that shows it), then logs, then contracts
 * (precision before prices), then the latest-value kinds, metrics last.
 */
export const PUSH_RULES = {
  order: { delivery: 'fact', held: 'row', key: (order: Order) => order.vtOrderId },
  trade: { delivery: 'fact', held: 'row', key: (trade: Trade) => trade.vtTradeId },
  log: { delivery: 'fact', held: 'line' },
  contract: { delivery: 'fact', held: 'row', key: (contract: Contract) => contract.vtSymbol },
  gateway: { delivery: 'latest', held: 'row', key: (status: GatewayStatus) => status.gatewayName },
  account: { delivery: 'latest', held: 'row', key: (account: Account) => account.vtAccountId },
  position: { delivery: 'latest', held: 'row', key: (position: Position) => position.vtPositionId },
  unpolled: { delivery: 'latest', held: 'value', key: () => 'desk' },
  strategy: { delivery: 'latest', held: 'row', key: (state: StrategyState) => state.strategyName },
  tick: { delivery: 'latest', held: 'row', key: (tick: Tick) => tick.vtSymbol },
  metrics: { delivery: 'latest', held: 'value', key: () => 'engine' },
} as const satisfies { [K in PushKind]: PushRule<PushMap[K]> }

type Rules = typeof PUSH_RULES
type KindsWhere<Rule> = { [K in PushKind]: Rules[K] extends Rule ? K : never }[PushKind]

/** Kinds that are facts the window must see: orders, trades, logs, contracts. */
export type FactKind = KindsWhere<{ delivery: 'fact' }>
/** Kinds where only the latest value per key matters. */
export type LatestKind = KindsWhere<{ delivery: 'latest' }>
/** Kinds a window keeps as rows updated in place by key. */
export type RowKind = KindsWhere<{ held: 'row' }>
/** Kinds with a natural key. */
export type KeyedKind = KindsWhere<{ key: unknown }>

/** Every kind, in apply order. */
export const PUSH_KINDS = Object.keys(PUSH_RULES) as PushKind[]

/** The kinds a window keeps as rows, in apply order. */
export const ROW_KINDS = PUSH_KINDS.filter((kind): kind is RowKind => PUSH_RULES[kind].held === 'row')

export function isFact(kind: PushKind): kind is FactKind {
  return PUSH_RULES[kind].delivery === 'fact'
}

/** The natural key of `value`, a push of `kind`. */
export function pushKey<K extends KeyedKind>(kind: K, value: PushMap[K]): string {
  return (PUSH_RULES[kind].key as (value: PushMap[K]) => string)(value)
}

// Over 400 lines on purpose: the one contract lists every command's schema and reply side by side, so a
// reader sees each crossing whole; pushes live in push.ts, settings in settings.ts, history in history.ts.
/**
 * The one contract for every crossing between the engine and a window, over
 * Electron IPC or WebSocket: what main pushes (batches of events) and the
 * commands a window may send, each with its reply type and a runtime schema.
 * Main validates every inbound command against these schemas before anything
 * runs; the renderer type-checks against the same maps.
 */
import * as v from 'valibot'
import { INTERVALS } from './intervals'
import {
  OFFSETS,
  ORDER_TYPES,
  type Account,
  type Bar,
  type Contract,
  type GatewayStatus,
  type Log,
  type Order,
  type Position,
  type Tick,
  type Trade,
  type UnpolledFills,
} from './objects'
import type { GatewayConnectForm } from './gateway-settings'
import { englishText, type HostMessage } from './messages'
import { DESK_NAME_PATTERN, natsUrlProblem } from './nats-address'
import type { SessionInfo } from './protocol'
import { PUSH_KINDS, type DeskMetrics, type PushKind, type PushMap } from './push'
import { settingsChangeSchema, type SettingsView } from './settings'
import type { StrategyClassInfo, StrategyLoadError, StrategyState } from './strategy'
import { decodeCursor, MAX_HISTORY_PAGE, type HistoryPage } from './history'

// ---------------------------------------------------------------- pushes (main → window)
// Kinds, their keys and their apply order: push.ts.

/**
 * Everything a window needs to draw itself from nothing; deltas follow it.
 * It names the host's protocol version and run (`SessionInfo`): the first
 * batch always carries a snapshot, so a window checks the version before it
 * applies anything, and a new `hostSessionId` tells it the desk restarted.
 */
export interface Snapshot extends SessionInfo {
  ticks: Tick[]
  orders: Order[]
  trades: Trade[]
  positions: Position[]
  accounts: Account[]
  contracts: Contract[]
  logs: Log[]
  /** Logs no longer held in main's memory. */
  logsDropped: number
  gateways: GatewayStatus[]
  strategies: StrategyState[]
  unpolled: UnpolledFills
}

/**
 * One push: at most one per frame per window. `seq` increases by one per
 * batch, so a window can tell it missed nothing and saw nothing twice. A batch
 * with a snapshot replaces what the window holds (first batch, and after a
 * stalled window resumes). Items are applied in `PUSH_RULES` order (push.ts).
 */
export interface Batch {
  seq: number
  snapshot?: Snapshot
  items: { [K in PushKind]?: PushMap[K][] }
}

/** Events an `EventDeskApi` emits to the renderer. */
export interface ApiEvents {
  batch: Batch
  /** The transport's state: always 'open' over Electron IPC; WebSocket reconnects. */
  connection: 'connecting' | 'open' | 'closed'
}

// ---------------------------------------------------------------- commands (window → main)

/** Names that would reach an object's prototype if used as keys: refused as keys and as strategy names. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** A class, gateway or strategy name. */
export const nameSchema = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(64, 'must be at most 64 characters'),
  v.regex(/^[\w.-]+$/, 'may contain only letters, digits, _ . -'),
)
/** A strategy instance's name, from a command or a saved file alike. */
export const strategyNameSchema = v.pipe(
  nameSchema,
  v.check((strategyName) => !FORBIDDEN_KEYS.has(strategyName), 'is a reserved name'),
)
export const vtSymbolSchema = v.pipe(
  v.string(),
  v.maxLength(64, 'must be at most 64 characters'),
  v.regex(/^[A-Za-z0-9_-]+\.[A-Z]+$/, 'must look like SYMBOL.EXCHANGE'),
)
const finite = v.pipe(v.number('must be a number'), v.finite('must be finite'))
const settingKey = v.pipe(
  v.string(),
  v.maxLength(64),
  v.regex(/^[A-Za-z_]\w*$/, 'must be an identifier'),
  v.check((key) => !FORBIDDEN_KEYS.has(key), 'is a reserved name'),
)
const settingValue = v.union(
  [finite, v.pipe(v.string(), v.maxLength(256)), v.boolean()],
  'must be a number, text or true/false',
)
/** A strategy's parameters (or a gateway's connection settings): names to numbers, text or switches. */
export const strategySettingSchema = v.pipe(v.record(settingKey, settingValue), v.maxEntries(64))
const empty = v.strictObject({})
const strategyRef = v.strictObject({ strategyName: strategyNameSchema })

const deskNameSchema = v.pipe(
  v.string(),
  v.regex(DESK_NAME_PATTERN, 'must be 1-64 letters, digits, _ or -'),
  v.check((name) => !FORBIDDEN_KEYS.has(name), 'is a reserved name'),
)
const secretSchema = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(256, 'must be at most 256 characters'),
)
/** A path on the desk's machine, as typed: whether a file is there is the desk's to check. */
const filePathSchema = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(1024, 'must be at most 1024 characters'),
  v.check((path) => !path.includes('\0'), 'must not contain a NUL character'),
)
const epochMs = v.pipe(v.number('must be a number'), v.finite('must be finite'), v.minValue(0, 'must not be negative'))
/** What every history query shares: a time range [from, to), where the page starts, how many rows. */
const historyPage = {
  from: v.optional(epochMs),
  to: v.optional(epochMs),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(64, 'must be at most 64 characters'),
      v.check((text) => decodeCursor(text) !== undefined, 'is not a cursor a page gave'),
    ),
  ),
  limit: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.integer('must be a whole number'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(MAX_HISTORY_PAGE, `must be at most ${MAX_HISTORY_PAGE}`),
    ),
  ),
}

/** Runtime schema of every command's request. Unknown keys are refused (strict objects). */
export const commandSchemas = {
  /**
   * Connects a gateway with `setting` (checked against its fields, then
   * remembered for the dialog and the next start), or without one with the
   * setting last remembered.
   */
  'gateway:connect': v.strictObject({ gatewayName: nameSchema, setting: v.optional(strategySettingSchema) }),
  'gateway:disconnect': v.strictObject({ gatewayName: nameSchema }),
  /** The Connect dialog's form for a gateway: its fields and the values to start from (remembered or defaults). */
  'gateway:settings': v.strictObject({ gatewayName: nameSchema }),
  /** Mirror a desk published on NATS as a gateway named after it (credentials travel here, never in logs). */
  'gateway:addRemote': v.strictObject({
    desk: deskNameSchema,
    url: v.pipe(
      v.string(),
      v.check(
        (url) => natsUrlProblem(url) === undefined,
        (issue) => natsUrlProblem(String(issue.input)) ?? '',
      ),
    ),
    user: v.optional(secretSchema),
    password: v.optional(secretSchema),
    token: v.optional(secretSchema),
    /** Files on the desk's machine: an NKey seed to log in with, a CA (PEM) to trust for `tls://`; the desk checks them. */
    nkeySeedFile: v.optional(filePathSchema),
    caFile: v.optional(filePathSchema),
  }),
  /** The desks mirrored here (the Connect remote desk dialog's list), their addresses redacted. */
  'gateway:remotes': empty,
  /** Stop mirroring a desk: its gateway is disconnected, and it is not mirrored again at the next start. */
  'gateway:removeRemote': v.strictObject({ desk: deskNameSchema }),
  'market:subscribe': v.strictObject({ vtSymbols: v.pipe(v.array(vtSymbolSchema), v.maxLength(1000)) }),
  /**
   * An instrument's bars of `interval` (default 1-minute) for the chart,
   * reaching back as far as HISTORY_REACH says (a day of 1-minute bars … a
   * year of daily ones) and holding only minutes closed by `end` (default
   * now): a window asks up to the first minute it built from ticks itself.
   */
  'market:history': v.strictObject({
    vtSymbol: vtSymbolSchema,
    interval: v.optional(v.picklist(INTERVALS, `must be one of ${INTERVALS.join(', ')}`), '1m'),
    end: v.optional(v.pipe(v.number('must be a number'), v.safeInteger('must be a whole number'), v.minValue(0))),
  }),
  'order:send': v.strictObject({
    vtSymbol: vtSymbolSchema,
    direction: v.picklist(['LONG', 'SHORT'], 'must be LONG or SHORT'),
    offset: v.picklist(OFFSETS, `must be one of ${OFFSETS.join(', ')}`),
    type: v.picklist(ORDER_TYPES, `must be one of ${ORDER_TYPES.join(', ')}`),
    price: finite,
    volume: finite,
    gatewayName: v.optional(nameSchema),
  }),
  'order:cancel': v.strictObject({ vtOrderId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)) }),
  'order:cancelAll': empty,
  'strategy:classes': empty,
  'strategy:reload': empty,
  'strategy:add': v.strictObject({
    className: nameSchema,
    strategyName: strategyNameSchema,
    vtSymbol: vtSymbolSchema,
    setting: strategySettingSchema,
  }),
  'strategy:init': strategyRef,
  'strategy:start': strategyRef,
  'strategy:stop': strategyRef,
  'strategy:edit': v.strictObject({ strategyName: strategyNameSchema, setting: strategySettingSchema }),
  'strategy:remove': strategyRef,
  'strategy:initAll': empty,
  'strategy:startAll': empty,
  'strategy:stopAll': empty,
  /** Start (or restart) the push stream: a snapshot batch, then deltas. */
  'session:subscribe': v.strictObject({
    kinds: v.optional(v.pipe(v.array(v.picklist(PUSH_KINDS)), v.maxLength(PUSH_KINDS.length))),
    vtSymbols: v.optional(v.pipe(v.array(vtSymbolSchema), v.maxLength(1000))),
    /**
     * Shortest time between two batches of market data (ticks, positions,
     * accounts) this window wants, ms: in between, the host keeps only each
     * one's latest value. Default (and least): the host's frame.
     */
    marketEveryMs: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(1000))),
  }),
  /** The window applied every batch up to `seq`. */
  'session:ack': v.strictObject({ seq: v.pipe(v.number(), v.safeInteger(), v.minValue(0)) }),
  'snapshot:get': empty,
  'stats:get': empty,
  /** The desk's settings in force and where each comes from (src/shared/settings.ts lists them). */
  'settings:get': empty,
  /** Validates, applies at once (risk check, live sessions' limits), saves and logs a change to some settings. */
  'settings:change': v.strictObject({ changes: settingsChangeSchema }),
  /** What the desk is: its version, what it runs on, where it keeps its data (the About dialog). */
  'desk:about': empty,
  /** Orders from the journal, newest first (by the time they were sent), a page at a time. */
  'orders:query': v.strictObject({
    ...historyPage,
    vtSymbol: v.optional(vtSymbolSchema),
    strategy: v.optional(nameSchema),
  }),
  /** Trades from the journal, newest first, a page at a time. */
  'trades:query': v.strictObject({
    ...historyPage,
    vtSymbol: v.optional(vtSymbolSchema),
    strategy: v.optional(nameSchema),
  }),
  /** Logs from the journal, newest first, a page at a time; `strategy`: the logs of that strategy (their source). */
  'logs:query': v.strictObject({ ...historyPage, strategy: v.optional(nameSchema) }),
}

export type CommandChannel = keyof typeof commandSchemas
export type CommandRequest<C extends CommandChannel> = v.InferOutput<(typeof commandSchemas)[C]>

/** What the host reports about itself (also served as `GET /api/stats` by the headless host). */
export interface HostStats {
  handlerCount: number
  sessions: number
  /** Seconds since the host started. */
  uptime: number
  metrics: DeskMetrics
}

/** What `desk:about` answers: the host's own account of itself. */
export interface DeskAbout {
  /** EventDesk's version, from package.json. */
  version: string
  /** The licence EventDesk is under, as package.json names it (an SPDX id). */
  licence: string
  node: string
  /** Present when the desk runs inside Electron. */
  electron?: string
  /** Electron's Chromium; a browser served by the headless host reports its own (navigator.userAgent). */
  chromium?: string
  /** Where settings, strategies and logs are kept; absent when the desk keeps them in memory only. */
  dataFolder?: string
}

/** A desk mirrored here, as a window sees it: its address with the password or token redacted. */
export interface RemoteDeskView {
  desk: string
  url: string
  /** Whether it is mirrored again at the next start (it was added from a window on a desk with a data folder). */
  remembered: boolean
}

export interface StrategyCatalogue {
  classes: StrategyClassInfo[]
  loadErrors: StrategyLoadError[]
}

/** The reply each command gets when it succeeds. */
export interface CommandReplies {
  'gateway:connect': null
  'gateway:disconnect': null
  'gateway:settings': GatewayConnectForm
  'gateway:addRemote': null
  'gateway:remotes': RemoteDeskView[]
  'gateway:removeRemote': null
  'market:subscribe': null
  /** Bars, oldest first; the last may be partial: its minutes closed by `end` (none if the gateway keeps no history). */
  'market:history': Bar[]
  /** The order exists from here on; it may be REJECTED (see its rejectReason). */
  'order:send': { vtOrderId: string }
  'order:cancel': null
  'order:cancelAll': { cancelled: number }
  'strategy:classes': StrategyCatalogue
  'strategy:reload': StrategyCatalogue
  'strategy:add': StrategyState
  'strategy:init': StrategyState
  'strategy:start': StrategyState
  'strategy:stop': StrategyState
  'strategy:edit': StrategyState
  'strategy:remove': null
  'strategy:initAll': StrategyState[]
  'strategy:startAll': StrategyState[]
  'strategy:stopAll': StrategyState[]
  'session:subscribe': null
  'session:ack': null
  'snapshot:get': Snapshot
  'stats:get': HostStats
  'settings:get': SettingsView
  'settings:change': SettingsView
  'desk:about': DeskAbout
  'orders:query': HistoryPage<Order>
  'trades:query': HistoryPage<Trade>
  'logs:query': HistoryPage<Log>
}

/** What kind of failure; RESOURCE_EXHAUSTED: this session is over one of its own limits and should slow down. */
export type ErrorCode =
  | 'UNKNOWN_CHANNEL'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAUTHENTICATED'
  | 'INTERNAL'

/** A command's failure: what kind, a sentence for the user, and the offending field (dot path) if any. */
export interface CommandError {
  code: ErrorCode
  /** In English. */
  message: string
  field?: string
  /** The sentence as a message code with parameters, when the host has one: a window shows it in the user's language. */
  detail?: HostMessage
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError }
export type CommandResult<C extends CommandChannel> = Result<CommandReplies[C]>

/** The renderer's whole view of the outside world (`window.api`). */
export interface EventDeskApi {
  invoke<C extends CommandChannel>(channel: C, request: CommandRequest<C>): Promise<CommandResult<C>>
  on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void
}

/** Electron IPC / WebSocket channel that carries batches. */
export const PUSH_CHANNEL = 'bridge:batch'

export function isCommandChannel(channel: unknown): channel is CommandChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, channel)
}

/** Validates an inbound command. Never throws, whatever `channel` and `payload` are. */
export function validateCommand(
  channel: unknown,
  payload: unknown,
): { ok: true; channel: CommandChannel; request: CommandRequest<CommandChannel> } | { ok: false; error: CommandError } {
  if (!isCommandChannel(channel)) {
    const shown = typeof channel === 'string' ? channel.slice(0, 64) : typeof channel
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown command "${shown}"` } }
  }
  // Valibot's object schemas take an array for an object: `[]` would pass as `{}`.
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return fail('INVALID_ARGUMENT', `The request for ${channel} must be an object`)
  const polluted = findForbiddenKey(payload, '', 0)
  if (polluted !== undefined)
    return fail(
      'INVALID_ARGUMENT',
      `${clip(polluted, MAX_ERROR_FIELD)} is a reserved name`,
      clip(polluted, MAX_ERROR_FIELD),
    )
  const parsed = v.safeParse(commandSchemas[channel], payload)
  if (parsed.success) return { ok: true, channel, request: parsed.output }
  const issue = parsed.issues[0]
  const field = v.getDotPath(issue) ?? undefined
  let message: string
  if (issue.type === 'strict_object' && field) message = `${field} is not a field of ${channel}`
  else if (field) message = `${field} ${issue.message}`
  else message = `Invalid request for ${channel}: ${issue.message}`
  // Valibot's messages quote the input: a 1 MB string must not come back in the reply.
  return fail('INVALID_ARGUMENT', clip(message, MAX_ERROR_MESSAGE), field && clip(field, MAX_ERROR_FIELD))
}

const MAX_ERROR_MESSAGE = 300
const MAX_ERROR_FIELD = 100

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/**
 * Schemas silently skip `__proto__` and friends; a client that sends them is
 * probing for prototype pollution, so it gets an error rather than a success.
 */
function findForbiddenKey(value: unknown, path: string, depth: number): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 8) return undefined
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key
    if (FORBIDDEN_KEYS.has(key)) return at
    const found = findForbiddenKey((value as Record<string, unknown>)[key], at, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail(code: ErrorCode, message: string, field?: string): { ok: false; error: CommandError } {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } }
}

/** A failure whose sentence is a host message: the English as `message`, the code and parameters as `detail`. */
export function refuse(code: ErrorCode, detail: HostMessage, field?: string): { ok: false; error: CommandError } {
  const failure = fail(code, englishText(detail), field)
  failure.error.detail = detail
  return failure
}

/** Electron IPC channel every command travels on: `(channel, request)` → `Result`. */
export const COMMAND_IPC_CHANNEL = 'bridge:invoke'

/** Path of the headless host's WebSocket endpoint (the token goes in the query: `?token=`). */
export const WEBSOCKET_PATH = '/api/ws'

/** A command sent over WebSocket; `id` pairs it with its reply. */
export interface WireCommand {
  id: number
  channel: string
  request: unknown
}

/** What the headless host sends over WebSocket: a command's reply, or a batch. */
export type WireMessage = { id: number; result: Result<unknown> } | { batch: Batch }

/**
 * Runtime schemas of the trading objects (src/shared/objects.ts), for data that
 * comes from outside the process as objects rather than as commands: events
 * from a remote desk over NATS, rows read back from files. Each schema is
 * checked against its TypeScript type at compile time, so the two cannot drift.
 */
import * as v from 'valibot'
import {
  LOG_LEVELS,
  OFFSETS,
  ORDER_TYPES,
  type Account,
  type Contract,
  type GatewayStatus,
  type Log,
  type Order,
  type Position,
  type Tick,
  type Trade,
} from './objects'
import { STRATEGY_STATUSES, type StrategyState } from './strategy'

const text = v.pipe(v.string(), v.maxLength(256))
const longText = v.pipe(v.string(), v.maxLength(16_384))
const num = v.pipe(v.number(), v.finite())
// Epoch milliseconds; the sim's clock has fractions of a millisecond.
const time = num
const EXCHANGES = ['CFFEX', 'SHFE', 'DCE', 'CZCE', 'INE', 'SSE', 'SZSE', 'BINANCE', 'LOCAL'] as const
const exchange = v.picklist(EXCHANGES)
const direction = v.picklist(['LONG', 'SHORT', 'NET'])
/** A host message's parameters (src/shared/messages.ts): kept as sent, for the window to read against its code. */
const messageParams = v.pipe(v.record(text, v.unknown()), v.maxEntries(32))
const offset = v.picklist(OFFSETS)
const status = v.picklist(['SUBMITTING', 'NOTTRADED', 'PARTTRADED', 'ALLTRADED', 'CANCELLED', 'REJECTED'])
const instrument = { gatewayName: text, symbol: text, exchange, vtSymbol: text }

const prices = Object.fromEntries(
  [1, 2, 3, 4, 5].flatMap((level) => [
    [`bidPrice${level}`, num],
    [`askPrice${level}`, num],
    [`bidVolume${level}`, num],
    [`askVolume${level}`, num],
  ]),
) as Record<`${'bid' | 'ask'}${'Price' | 'Volume'}${1 | 2 | 3 | 4 | 5}`, typeof num>

export const tickSchema = v.object({
  ...instrument,
  datetime: time,
  name: text,
  lastPrice: num,
  lastVolume: num,
  volume: num,
  turnover: num,
  openInterest: num,
  openPrice: num,
  highPrice: num,
  lowPrice: num,
  preClose: num,
  limitUp: num,
  limitDown: num,
  ...prices,
})

/** Every numeric field of a tick. */
export const TICK_NUMBERS = [
  'datetime',
  'lastPrice',
  'lastVolume',
  'volume',
  'turnover',
  'openInterest',
  'openPrice',
  'highPrice',
  'lowPrice',
  'preClose',
  'limitUp',
  'limitDown',
  ...Object.keys(prices),
] as const
const TICK_TEXTS = ['gatewayName', 'symbol', 'vtSymbol', 'name'] as const
const EXCHANGE_SET: ReadonlySet<string> = new Set(EXCHANGES)

/**
 * `tickSchema`'s check written out by hand: ticks come by the hundred thousand a second, and a generic schema
 * walk costs several times the JSON parse. The tests hold the two to the same verdicts. Returns why not, or
 * undefined for a valid tick.
 */
export function checkTick(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object'
  const tick = value as Record<string, unknown>
  for (const key of TICK_NUMBERS) {
    const n = tick[key]
    if (typeof n !== 'number' || !Number.isFinite(n)) return `${key} must be a finite number`
  }
  for (const key of TICK_TEXTS) {
    const text = tick[key]
    if (typeof text !== 'string' || text.length > 256) return `${key} must be text of at most 256 characters`
  }
  if (typeof tick.exchange !== 'string' || !EXCHANGE_SET.has(tick.exchange)) return 'exchange is not one we know'
  return undefined
}

export const orderSchema = v.object({
  ...instrument,
  orderId: text,
  vtOrderId: text,
  type: v.picklist(ORDER_TYPES),
  direction,
  offset,
  price: num,
  volume: num,
  traded: num,
  status,
  datetime: time,
  reference: text,
  rejectReason: v.optional(longText),
  rejectCode: v.optional(text),
  rejectParams: v.optional(messageParams),
})

export const tradeSchema = v.object({
  ...instrument,
  orderId: text,
  vtOrderId: text,
  tradeId: text,
  vtTradeId: text,
  direction,
  offset,
  price: num,
  volume: num,
  datetime: time,
  reference: text,
  commission: num,
})

export const positionSchema = v.object({
  ...instrument,
  direction,
  vtPositionId: text,
  volume: num,
  ydVolume: num,
  frozen: num,
  price: num,
  pnl: num,
  margin: num,
})

export const accountSchema = v.object({
  gatewayName: text,
  accountId: text,
  vtAccountId: text,
  balance: num,
  frozen: num,
  available: num,
  margin: num,
  commission: num,
  closePnl: num,
  positionPnl: num,
})

export const contractSchema = v.object({
  ...instrument,
  name: text,
  product: v.picklist(['FUTURES', 'EQUITY', 'SPOT', 'OPTION', 'INDEX']),
  size: num,
  pricetick: num,
  minVolume: num,
  marginRate: num,
  commissionRate: num,
  accountId: v.optional(text),
})

export const logSchema = v.object({
  time,
  level: v.picklist(LOG_LEVELS),
  source: text,
  message: longText,
  code: v.optional(text),
  params: v.optional(messageParams),
  stack: v.optional(longText),
})

export const gatewayStatusSchema = v.object({
  gatewayName: text,
  state: v.picklist(['connected', 'connecting', 'reconnecting', 'disconnected']),
  message: v.optional(longText),
  time,
})

const strategyValue = v.union([num, text, v.boolean()])
const values = v.pipe(v.record(text, strategyValue), v.maxEntries(256))

export const strategyStateSchema = v.object({
  strategyName: text,
  className: text,
  vtSymbol: text,
  status: v.picklist(STRATEGY_STATUSES),
  parameters: values,
  variables: values,
  error: v.optional(longText),
})

// Compile-time checks: each schema's output is assignable to its type, and the type to the schema's output.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const checks: [
  Same<v.InferOutput<typeof tickSchema>, Tick>,
  Same<v.InferOutput<typeof orderSchema>, Order>,
  Same<v.InferOutput<typeof tradeSchema>, Trade>,
  Same<v.InferOutput<typeof positionSchema>, Position>,
  Same<v.InferOutput<typeof accountSchema>, Account>,
  Same<v.InferOutput<typeof contractSchema>, Contract>,
  Same<v.InferOutput<typeof logSchema>, Log>,
  Same<v.InferOutput<typeof gatewayStatusSchema>, GatewayStatus>,
  Same<v.InferOutput<typeof strategyStateSchema>, StrategyState>,
] = [true, true, true, true, true, true, true, true, true]
void checks

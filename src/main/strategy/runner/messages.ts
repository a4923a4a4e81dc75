/**
 * The engine checks every message from a strategy worker against these
 * schemas before acting on it: strategy code can post to its parent port as
 * well as the worker's own code can, so a message is input, like a window's
 * command. Text is clipped; numbers must be finite where a price or volume
 * goes. What a message may do is checked again where it is done (an order
 * goes through the same schema as a window's order, on the strategy's own
 * instrument only).
 */
import * as v from 'valibot'
import { LOG_LEVELS } from '../../../shared/objects'
import type { FromWorker } from './protocol'

const MAX_TEXT = 4000
const text = v.pipe(
  v.string(),
  v.transform((s) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s)),
)
const id = v.pipe(v.number(), v.safeInteger(), v.minValue(0))
/**
 * A variable's value: any number (NaN too: an indicator not warmed up yet),
 * text clipped rather than refused (a refused reply would leave a lifecycle
 * step waiting for it for good), true or false.
 */
const value = v.union([
  v.number(),
  v.nan(),
  v.pipe(
    v.string(),
    v.transform((s) => s.slice(0, 256)),
  ),
  v.boolean(),
])
const values = v.pipe(v.record(v.pipe(v.string(), v.maxLength(64)), value), v.maxEntries(256))
const localId = v.pipe(v.string(), v.minLength(1), v.maxLength(200))
const failure = { reason: text, stack: v.optional(text) }
const name = v.pipe(v.string(), v.maxLength(256))
const names = v.pipe(v.array(name), v.maxLength(256))

const parameterSpec = v.object({
  name: v.pipe(v.string(), v.regex(/^[A-Za-z_]\w{0,63}$/, 'must be an identifier')),
  type: v.picklist(['number', 'integer', 'string', 'boolean']),
  default: value,
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  description: v.optional(text),
})

const fromWorker = v.variant('type', [
  v.object({ type: v.literal('ready'), vars: values }),
  v.object({ type: v.literal('refused'), message: text, ...failure }),
  v.object({ type: v.literal('done'), id, vars: values }),
  v.object({ type: v.literal('rejected'), id, message: text }),
  v.object({ type: v.literal('crash'), ...failure }),
  v.object({
    type: v.literal('order'),
    localId,
    direction: v.picklist(['LONG', 'SHORT']),
    offset: v.picklist(['OPEN', 'CLOSE', 'CLOSETODAY', 'CLOSEYESTERDAY', 'NONE']),
    price: v.number(),
    volume: v.number(),
    stop: v.boolean(),
  }),
  v.object({ type: v.literal('cancel'), localId }),
  v.object({ type: v.literal('cancelAll') }),
  v.object({ type: v.literal('log'), message: text, level: v.picklist(LOG_LEVELS) }),
  v.object({ type: v.literal('vars'), vars: values, sync: v.boolean() }),
  v.object({ type: v.literal('loadBars'), id, days: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(366)) }),
  v.object({ type: v.literal('loading'), file: text }),
  v.object({
    type: v.literal('catalogue'),
    classes: v.array(
      v.object({
        className: v.pipe(v.string(), v.regex(/^[A-Za-z_]\w{0,63}$/)),
        description: text,
        parameters: v.pipe(v.array(parameterSpec), v.maxLength(64)),
        variables: names,
        persistent: names,
        file: text,
      }),
    ),
    errors: v.array(v.object({ file: text, message: text })),
  }),
])

/** The message, checked and with its text clipped; undefined when it is not one a worker may send. */
export function checkWorkerMessage(message: unknown): FromWorker | undefined {
  const parsed = v.safeParse(fromWorker, message)
  return parsed.success ? (parsed.output as FromWorker) : undefined
}

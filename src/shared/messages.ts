/**
 * What the host says to a person (risk rejections, gateway and strategy
 * logs, refused settings and rate limits), declared once as codes with typed
 * parameters. The host sends a code and its parameters beside the English
 * text; a window shows it in the user's language with numbers formatted
 * there (src/renderer/src/i18n/host-messages.ts), and anything that cannot
 * (log files, NATS, an older window) keeps the English.
 *
 * Templates use `{name}` for a parameter and must not contain `@`, `|`, `$`
 * or `%` (vue-i18n gives them meanings). A code never changes meaning once
 * shipped: journals and remote desks keep it.
 */
import type { Direction, Log, Order, Status } from './objects'

/** How a parameter is shown. */
interface ParamTypes {
  /** As written: names, symbols, ids, reasons a gateway gave in its own words. */
  text: string
  /** A price, volume or count: grouped, with the decimals it has. */
  number: number
  /** An amount of money: grouped, two decimals. */
  money: number
  /** Long or short, in the user's words. */
  direction: Direction
  /** An order's status, in the user's words. */
  status: Status
  /** A setting's value: a number, on/off, or text (a redacted address, a name; '' shows as not set). */
  value: number | boolean | string
  /** Another message, such as the reason inside a rejection's log line. */
  message: HostMessage
  /** Messages joined as a list. */
  messages: HostMessage[]
}
type ParamKind = keyof ParamTypes

interface MessageDefinition {
  /** English text; the same template is the window's English. */
  en: string
  params: Readonly<Record<string, ParamKind>>
}

const none = {} as const

export const MESSAGES = {
  // The risk check (src/main/trader/risk.ts).
  'risk.unknownContract': { en: 'unknown contract {vtSymbol}', params: { vtSymbol: 'text' } },
  'risk.volumeNotPositive': { en: 'volume must be positive, got {volume}', params: { volume: 'number' } },
  'risk.volumeOffStep': {
    en: 'volume {volume} is not a multiple of the minimum volume {minVolume}',
    params: { volume: 'number', minVolume: 'number' },
  },
  'risk.priceNotPositive': { en: 'price must be positive, got {price}', params: { price: 'number' } },
  'risk.priceOffTick': {
    en: 'price {price} is not on the price tick {pricetick}',
    params: { price: 'number', pricetick: 'number' },
  },
  'risk.aboveLimitUp': {
    en: 'price {price} is above limit up {limitUp}',
    params: { price: 'number', limitUp: 'number' },
  },
  'risk.belowLimitDown': {
    en: 'price {price} is below limit down {limitDown}',
    params: { price: 'number', limitDown: 'number' },
  },
  'risk.volumeCap': {
    en: 'volume {volume} exceeds the order volume cap {cap}',
    params: { volume: 'number', cap: 'number' },
  },
  'risk.valueCap': {
    en: 'order value {value} exceeds the order value cap {cap}',
    params: { value: 'money', cap: 'money' },
  },
  'risk.activeOrdersCap': {
    en: '{active} orders are active, the cap is {cap}',
    params: { active: 'number', cap: 'number' },
  },
  'risk.orderRateCap': {
    en: 'order rate cap reached: {count} orders in the last second, the cap is {cap}',
    params: { count: 'number', cap: 'number' },
  },
  'risk.insufficientFunds': {
    en: 'insufficient funds: needs {required}, available {available}',
    params: { required: 'money', available: 'money' },
  },
  'risk.insufficientPosition': {
    en: 'insufficient position: {closable} closable, {volume} asked',
    params: { closable: 'number', volume: 'number' },
  },

  // The trading core and the desk.
  'trader.unknownGateway': { en: 'unknown gateway {gatewayName}', params: { gatewayName: 'text' } },
  'trader.orderRejected': {
    en: 'order {vtOrderId} {direction} {volume} {vtSymbol} rejected: {reason}',
    params: { vtOrderId: 'text', direction: 'direction', volume: 'number', vtSymbol: 'text', reason: 'message' },
  },
  'trader.leavingOrders': {
    en: 'Leaving {count} working order(s) at the exchange',
    params: { count: 'number' },
  },
  'trader.riskSettingsChanged': { en: 'risk settings changed: {changes}', params: { changes: 'messages' } },
  'desk.closing': { en: 'EventDesk is closing: closing gateways', params: none },
  'desk.closingCancelling': {
    en: 'EventDesk is closing: cancelling working orders, closing gateways',
    params: none,
  },

  // Settings and per-session limits (src/main/settings, src/main/bridge/session-quota.ts).
  'settings.changed': { en: 'Settings changed by {by}: {changes}', params: { by: 'text', changes: 'messages' } },
  'settings.change': {
    en: '{setting} {from} → {to}',
    params: { setting: 'text', from: 'value', to: 'value' },
  },
  'settings.set': { en: '{setting} = {value}', params: { setting: 'text', value: 'value' } },
  'settings.connectNotSaved': {
    en: 'The connection setting of {gatewayName} could not be saved for the next start: {reason}',
    params: { gatewayName: 'text', reason: 'text' },
  },
  'settings.invalid': { en: '{setting} {problem}', params: { setting: 'text', problem: 'text' } },
  'settings.pinnedByFlag': {
    en: '{setting} is set on the command line (--{flag}); restart without the flag to change it here',
    params: { setting: 'text', flag: 'text' },
  },
  'settings.notSaved': {
    en: 'The settings could not be saved, nothing changed: {reason}',
    params: { reason: 'text' },
  },
  'session.commandFlood': {
    en: '{session} sends more than {perSecond} commands a second: its commands are refused until it slows down',
    params: { session: 'text', perSecond: 'number' },
  },
  'session.tooManyCommands': {
    en: 'This session sends more than {perSecond} commands a second: refused until it slows down (other sessions are not affected)',
    params: { perSecond: 'number' },
  },
  'session.tooManyOrders': {
    en: 'This session sends more than {perSecond} orders a second: refused until it slows down (other sessions are not affected)',
    params: { perSecond: 'number' },
  },
  'session.workingOrdersCap': {
    en: 'This session has {cap} working orders, its cap: refused until some fill or are cancelled (other sessions are not affected)',
    params: { cap: 'number' },
  },

  // Any gateway (src/main/gateway).
  'gateway.alreadyConnected': { en: 'already connected', params: none },
  'gateway.disconnected': { en: 'disconnected', params: none },
  'gateway.notConnected': { en: 'not connected', params: none },
  'gateway.cannotSubscribe': {
    en: 'cannot subscribe {vtSymbol}: no such instrument',
    params: { vtSymbol: 'text' },
  },
  'gateway.cancelNotSent': {
    en: 'cancel of order {orderId} not sent: not connected',
    params: { orderId: 'text' },
  },
  'gateway.cancelRefused': {
    en: 'cancel of order {orderId} refused: {reason}',
    params: { orderId: 'text', reason: 'message' },
  },
  'gateway.connectionLost': {
    en: 'connection lost; reconnecting in {seconds} s',
    params: { seconds: 'number' },
  },
  'gateway.reconnected': {
    en: 'reconnected: resubscribed {instruments} instruments, replayed {updates} order and trade updates',
    params: { instruments: 'number', updates: 'number' },
  },

  // A gateway's connection settings (src/shared/gateway-settings.ts).
  'setting.unknown': { en: '{key} is not one of this gateway’s settings', params: { key: 'text' } },
  'setting.notNumber': { en: '{key} must be a number', params: { key: 'text' } },
  'setting.notInteger': { en: '{key} must be a whole number', params: { key: 'text' } },
  'setting.belowMin': { en: '{key} must be at least {min}', params: { key: 'text', min: 'number' } },
  'setting.aboveMax': { en: '{key} must be at most {max}', params: { key: 'text', max: 'number' } },
  'setting.notSwitch': { en: '{key} must be on or off', params: { key: 'text' } },
  'setting.notText': { en: '{key} must be text of at most {max} characters', params: { key: 'text', max: 'number' } },

  // The simulated exchange (src/main/gateway/sim).
  'sim.connected': {
    en: 'connected: {instruments} instruments, {tickRate} ticks/s each',
    params: { instruments: 'number', tickRate: 'number' },
  },
  'sim.restored': {
    en: 'found the simulated exchange as it was left in {path}: {orders} orders and {trades} trades',
    params: { path: 'text', orders: 'number', trades: 'number' },
  },
  'sim.unknownOrder': { en: 'unknown order {orderId}', params: { orderId: 'text' } },
  'sim.orderNotWorking': {
    en: 'order {orderId} is {status}, not working',
    params: { orderId: 'text', status: 'status' },
  },
  'sim.unknownInstrument': { en: 'unknown instrument {vtSymbol}', params: { vtSymbol: 'text' } },
  'sim.volumeOffStep': {
    en: 'volume {volume} is not a positive multiple of {minVolume}',
    params: { volume: 'number', minVolume: 'number' },
  },
  'sim.netDirection': { en: 'direction must be LONG or SHORT', params: none },
  'sim.priceOffTick': {
    en: 'price {price} is not a multiple of the price tick {pricetick}',
    params: { price: 'number', pricetick: 'number' },
  },
  'sim.outsideLimits': { en: 'price {price} is outside the daily limits', params: { price: 'number' } },
  'sim.cannotShort': { en: '{name} cannot be sold short', params: { name: 'text' } },
  'sim.insufficientFunds': {
    en: 'insufficient funds: needs {required}, available {available}',
    params: { required: 'money', available: 'money' },
  },
  'sim.tPlusOne': {
    en: 'T+1: {today} bought today can be sold from the next trading day; {closable} can be sold now, {volume} asked',
    params: { today: 'number', closable: 'number', volume: 'number' },
  },
  'sim.insufficientPosition': {
    en: 'insufficient position: {closable} can be closed, {volume} asked',
    params: { closable: 'number', volume: 'number' },
  },

  // The strategy engine (src/main/strategy).
  'strategy.added': {
    en: 'Strategy {strategy} added ({className} on {vtSymbol})',
    params: { strategy: 'text', className: 'text', vtSymbol: 'text' },
  },
  'strategy.inited': { en: 'Strategy {strategy} inited', params: { strategy: 'text' } },
  'strategy.started': { en: 'Strategy {strategy} started', params: { strategy: 'text' } },
  'strategy.stopped': { en: 'Strategy {strategy} stopped', params: { strategy: 'text' } },
  'strategy.edited': { en: 'Strategy {strategy} parameters changed', params: { strategy: 'text' } },
  'strategy.removed': { en: 'Strategy {strategy} removed', params: { strategy: 'text' } },
  'strategy.threw': {
    en: 'Strategy {strategy} stopped: {callback} threw: {error}',
    params: { strategy: 'text', callback: 'text', error: 'text' },
  },
  'strategy.notTrading': { en: 'Order not sent: {strategy} is not trading', params: { strategy: 'text' } },
  'strategy.noContract': { en: 'Order not sent: no contract {vtSymbol}', params: { vtSymbol: 'text' } },
  'strategy.noHistory': {
    en: 'No history for {vtSymbol}: starting without warm-up bars',
    params: { vtSymbol: 'text' },
  },
  'strategy.notRestored': {
    en: 'Saved strategy {strategy} could not be restored: {error}',
    params: { strategy: 'text', error: 'text' },
  },
  'strategy.fileFailed': {
    en: 'Strategy file {file} failed to load: {error}',
    params: { file: 'text', error: 'text' },
  },
  'strategy.halted': {
    en: 'Strategy {strategy} stopped: {reason}',
    params: { strategy: 'text', reason: 'text' },
  },
  'strategy.orderRefused': { en: 'Order not sent: {reason}', params: { reason: 'text' } },
  'strategy.flooding': {
    en: '{strategy} sends more than {perSecond} commands a second: they are refused until it slows down',
    params: { strategy: 'text', perSecond: 'number' },
  },
  'strategy.strayMessage': {
    en: "Ignored a message from {strategy}'s worker that it may not send (and will ignore any more)",
    params: { strategy: 'text' },
  },
} as const satisfies Record<string, MessageDefinition>

export type MessageCode = keyof typeof MESSAGES

/** The parameters a code takes. */
export type MessageParams<C extends MessageCode> = {
  -readonly [P in keyof (typeof MESSAGES)[C]['params']]: (typeof MESSAGES)[C]['params'][P] extends infer K extends
    ParamKind
    ? ParamTypes[K]
    : never
}

/** A message as the host sends it: its code and parameters. */
export type HostMessage = { [C in MessageCode]: { code: C; params: MessageParams<C> } }[MessageCode]

/** Builds a message, its parameters checked against its code. */
export function hostMessage<C extends MessageCode>(code: C, params: MessageParams<C>): HostMessage {
  return { code, params } as HostMessage
}

/** Whether a code is one this build knows (a newer host may send codes an older window lacks). */
export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.hasOwn(MESSAGES, code)
}

/** How each parameter of a known code is shown. */
export function paramKinds(code: MessageCode): Readonly<Record<string, ParamKind>> {
  return MESSAGES[code].params
}

/**
 * The English text of a message, as log files, NATS and older windows show
 * it: numbers as plain digits (money rounded to cents), directions as their
 * codes, inner messages in place, lists joined by commas.
 */
export function englishText(message: HostMessage): string {
  const kinds: Readonly<Record<string, ParamKind>> = MESSAGES[message.code].params
  const params = message.params as Record<string, ParamTypes[ParamKind]>
  return MESSAGES[message.code].en.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name]
    if (value === undefined) return placeholder
    switch (kinds[name]) {
      case 'money':
        return String(Math.round((value as number) * 100) / 100)
      case 'number':
        return String(Math.round((value as number) * 1e8) / 1e8)
      case 'message':
        return englishText(value as HostMessage)
      case 'messages':
        return (value as HostMessage[]).map(englishText).join(', ')
      default:
        return String(value)
    }
  })
}

/** A Log's text fields for a message: the English, and the code with its parameters when it has one. */
export function logText(message: string | HostMessage): Pick<Log, 'message' | 'code' | 'params'> {
  if (typeof message === 'string') return { message }
  return { message: englishText(message), code: message.code, params: message.params }
}

/** An order's rejection fields for a reason: the English, and the code with its parameters. */
export function rejection(reason: HostMessage): Required<Pick<Order, 'rejectReason' | 'rejectCode' | 'rejectParams'>> {
  return { rejectReason: englishText(reason), rejectCode: reason.code, rejectParams: reason.params }
}

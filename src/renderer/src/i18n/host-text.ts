/**
 * The host's messages in the user's language: a code and its parameters
 * (src/shared/messages.ts) become text through vue-i18n (`host.<code>`),
 * each parameter formatted for the language first: numbers grouped with
 * Intl, directions and statuses translated, inner messages in place, lists
 * joined the language's way. A code this build does not know, or parameters
 * that do not fit it, show the host's English instead.
 */
import { useI18n } from 'vue-i18n'
import { MESSAGES, isMessageCode, paramKinds, type MessageCode } from '../../../shared/messages'

/** What a host message arrives as: a log line's or a rejection's fields, or a command error's detail. */
export interface CodedMessage {
  code?: string
  params?: Record<string, unknown>
}

/** The translation functions host text needs (what `useI18n()` returns). */
export interface HostTextI18n {
  t: (key: string, named: Record<string, unknown>) => string
  locale: { value: string }
}

/** vue-i18n nests keys at dots: `risk.volumeCap` is found under `risk`, then `volumeCap`. */
export function nestMessages(flat: Record<MessageCode, string>): Record<string, Record<string, string>> {
  const nested: Record<string, Record<string, string>> = {}
  for (const [code, text] of Object.entries(flat)) {
    const dot = code.indexOf('.')
    ;(nested[code.slice(0, dot)] ??= {})[code.slice(dot + 1)] = text
  }
  return nested
}

/** The English templates, as the host writes them. */
export const hostEn = Object.fromEntries(Object.entries(MESSAGES).map(([code, { en }]) => [code, en])) as Record<
  MessageCode,
  string
>

const numberFormats = new Map<string, Intl.NumberFormat>()

function numberFormat(locale: string, money: boolean): Intl.NumberFormat {
  const key = `${locale}:${money}`
  let format = numberFormats.get(key)
  if (format === undefined) {
    const digits = money ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: 8 }
    numberFormats.set(key, (format = new Intl.NumberFormat(locale, digits)))
  }
  return format
}

/** Unrecognised: the caller shows the host's English. */
const UNFIT = Symbol('unfit')

function formatParams(
  code: MessageCode,
  params: Record<string, unknown>,
  i18n: HostTextI18n,
): Record<string, string> | typeof UNFIT {
  const locale = i18n.locale.value
  const formatted: Record<string, string> = {}
  for (const [name, kind] of Object.entries(paramKinds(code))) {
    const value = params[name]
    let text: string | typeof UNFIT = UNFIT
    switch (kind) {
      case 'text':
        if (typeof value === 'string') text = value
        break
      case 'number':
      case 'money':
        if (typeof value === 'number') text = numberFormat(locale, kind === 'money').format(value)
        break
      case 'value':
        if (typeof value === 'number') text = numberFormat(locale, false).format(value)
        if (typeof value === 'boolean') text = i18n.t(value ? 'hostValue.on' : 'hostValue.off', {})
        if (typeof value === 'string') text = value === '' ? i18n.t('hostValue.unset', {}) : value
        break
      case 'direction':
        if (typeof value === 'string') text = i18n.t(`direction.${value}`, {})
        break
      case 'status':
        if (typeof value === 'string') text = i18n.t(`orderStatus.${value}`, {})
        break
      case 'message':
        text = messageText(value, i18n) ?? UNFIT
        break
      case 'messages':
        if (Array.isArray(value)) {
          const items = value.map((item) => messageText(item, i18n))
          if (items.every((item) => item !== undefined))
            text = new Intl.ListFormat(locale, { type: 'conjunction', style: 'narrow' }).format(items)
        }
        break
    }
    if (text === UNFIT) return UNFIT
    formatted[name] = text
  }
  return formatted
}

/** The message in the user's language, or undefined when this build cannot show it. */
function messageText(message: unknown, i18n: HostTextI18n): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const { code, params } = message as CodedMessage
  if (!isMessageCode(code) || typeof params !== 'object' || params === null) return undefined
  const named = formatParams(code, params, i18n)
  return named === UNFIT ? undefined : i18n.t(`host.${code}`, named)
}

/** A host message in the user's language; `english` (what the host wrote) when it cannot be shown so. */
export function hostText(message: CodedMessage, english: string, i18n: HostTextI18n): string {
  if (message.code === undefined) return english
  return messageText(message, i18n) ?? english
}

/** `hostText` bound to the component's i18n: reads the locale at each call, so it follows a language switch. */
export function useHostText(): (message: CodedMessage, english: string) => string {
  const { t, locale } = useI18n()
  const i18n: HostTextI18n = { t: (key, named) => t(key, named), locale }
  return (message, english) => hostText(message, english, i18n)
}

/** A notice in the window's language, numbers formatted as the tables show them. */
import type { Direction, Offset } from '../../../shared/objects'
import { formatNumber, formatVolume } from '../format/numbers'
import type { CodedMessage } from '../i18n/host-text'
import type { Notice } from './notifier'

/** vue-i18n's `t`, with the count that picks a plural form. */
export type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string

/** Decimal places of an instrument's prices. */
export type PriceDecimals = (vtSymbol: string) => number

/** A host message in the window's language, or the English it came with (see i18n/host-text.ts). */
export type HostText = (message: CodedMessage, english: string) => string

interface OrderLike {
  vtSymbol: string
  direction: Direction
  offset: Offset
  volume: number
  price: number
}

/** "Long Open 2 IF2612.CFFEX @ 4,650.2": what was traded, the way the ticket says it. */
function describeOrder(item: OrderLike, t: Translate, decimals: PriceDecimals) {
  const offset = item.offset === 'NONE' ? '' : ` ${t(`offset.${item.offset}`)}`
  return {
    side: `${t(`direction.${item.direction}`)}${offset}`,
    volume: formatVolume(item.volume),
    symbol: item.vtSymbol,
    price: formatNumber(item.price, decimals(item.vtSymbol)),
  }
}

export function describeNotice(notice: Notice, t: Translate, decimals: PriceDecimals, hostText: HostText): string {
  switch (notice.kind) {
    case 'filled':
      return t('notify.filled', describeOrder(notice.trade, t, decimals))
    case 'rejected':
      return t('notify.rejected', {
        ...describeOrder(notice.order, t, decimals),
        reason:
          notice.order.rejectReason === undefined
            ? t('notify.noReason')
            : hostText({ code: notice.order.rejectCode, params: notice.order.rejectParams }, notice.order.rejectReason),
      })
    case 'cancelled': {
      const { order } = notice
      const text = t('notify.cancelled', describeOrder(order, t, decimals))
      return order.traded > 0 ? `${text} ${t('notify.traded', { traded: formatVolume(order.traded) })}` : text
    }
    case 'strategyFills': {
      const { fills } = notice
      return t(
        'notify.strategyFills',
        {
          name: fills.strategyName,
          count: fills.count,
          long: formatVolume(fills.long),
          short: formatVolume(fills.short),
          symbols: fills.vtSymbols.join(', '),
        },
        fills.count,
      )
    }
    case 'strategyError':
      return t('notify.strategyError', {
        name: notice.strategy.strategyName,
        error: notice.strategy.error ?? t('notify.noReason'),
      })
  }
}

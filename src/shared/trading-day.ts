import type { Exchange } from './objects'

/**
 * Markets whose trading days are cut differently. Chinese futures trade a
 * night session that belongs to the next trading day; A-shares trade one
 * calendar day in China; crypto trades round the clock and counts UTC days.
 */
export type TradingMarket = 'CHINA_FUTURES' | 'CHINA_STOCKS' | 'CRYPTO'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** China Standard Time, UTC+8 all year (no daylight saving). */
const CHINA = 8 * HOUR

interface DayRule {
  /** Added to epoch time so that the trading day starts at a UTC midnight. */
  shift: number
  /** Saturday and Sunday belong to the next Monday (Friday's night session is Monday's). */
  skipsWeekends: boolean
}

const RULES: Record<TradingMarket, DayRule> = {
  // The day rolls at 17:00 China time, after the day session and before the night session.
  CHINA_FUTURES: { shift: CHINA + 7 * HOUR, skipsWeekends: true },
  CHINA_STOCKS: { shift: CHINA, skipsWeekends: false },
  CRYPTO: { shift: 0, skipsWeekends: false },
}

/**
 * The market an exchange's instruments trade in. LOCAL (the desk's own
 * records: logs, anything not of one instrument) follows the Chinese futures
 * day, the one that starts first, so an evening's night-session work and its
 * logs share a day.
 */
export function marketOf(exchange: Exchange): TradingMarket {
  switch (exchange) {
    case 'SSE':
    case 'SZSE':
      return 'CHINA_STOCKS'
    case 'BINANCE':
      return 'CRYPTO'
    default:
      return 'CHINA_FUTURES'
  }
}

/** Days since the epoch, in the market's shifted frame, of the trading day `time` belongs to. */
function dayNumber(rule: DayRule, time: number): number {
  const day = Math.floor((time + rule.shift) / DAY)
  if (!rule.skipsWeekends) return day
  // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sundays, 6 on Saturdays.
  const weekday = (((day + 4) % 7) + 7) % 7
  return weekday === 6 ? day + 2 : weekday === 0 ? day + 1 : day
}

/**
 * The trading day an instrument's event at `time` (epoch ms) belongs to, as
 * `YYYY-MM-DD`: what orders, trades and logs are kept by. Chinese futures
 * roll at 17:00 China time and skip weekends (a Friday night trade is
 * Monday's); A-shares take the calendar day in China; crypto the UTC day.
 * Exchange holidays are not known: a holiday counts as a trading day.
 */
export function tradingDayOf(instrument: { exchange: Exchange }, time: number): string {
  const day = dayNumber(RULES[marketOf(instrument.exchange)], time)
  return new Date(day * DAY).toISOString().slice(0, 10)
}

/** When the trading day that `time` belongs to ends (the next roll), epoch ms. */
export function tradingDayEnd(instrument: { exchange: Exchange }, time: number): number {
  const rule = RULES[marketOf(instrument.exchange)]
  return (dayNumber(rule, time) + 1) * DAY - rule.shift
}

/**
 * When the trading day that `time` belongs to began (the previous roll),
 * epoch ms: Monday's Chinese futures day begins on Friday at 17:00 China
 * time, as the weekend belongs to it.
 */
export function tradingDayStart(instrument: { exchange: Exchange }, time: number): number {
  const rule = RULES[marketOf(instrument.exchange)]
  const day = dayNumber(rule, time)
  let start = Math.floor((time + rule.shift) / DAY) * DAY - rule.shift
  while (dayNumber(rule, start - 1) === day) start -= DAY
  return start
}

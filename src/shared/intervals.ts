/**
 * The bar intervals a chart offers (the control labelled Timeframe) and the
 * window each bar covers: minutes and hours on the clock, a day by the
 * instrument's trading day (src/shared/trading-day.ts), and no window ever
 * straddles a trading day's roll. The bar generator, the host's history
 * aggregation and the chart all cut bars here, so history and live bars
 * agree.
 */
import { MINUTE } from './numbers'
import type { Exchange } from './objects'
import { tradingDayEnd, tradingDayOf, tradingDayStart } from './trading-day'

export const INTERVALS = ['1m', '5m', '15m', '1h', '1d'] as const
export type Interval = (typeof INTERVALS)[number]

const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A bar's length in minutes, as `Bar.interval` carries it; a trading day counts as 1440. */
export const INTERVAL_MINUTES: Readonly<Record<Interval, number>> = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '1h': 60,
  '1d': 1440,
}

/**
 * How far back one `market:history` answer reaches: a day of 1-minute bars,
 * a week of 5- and 15-minute bars, a month of hourly and a year of daily
 * bars. The longest answer (a week of 5-minute bars) is 2,016 bars, well
 * inside a reply (about 600 kB as JSON).
 */
export const HISTORY_REACH: Readonly<Record<Interval, number>> = {
  '1m': DAY,
  '5m': 7 * DAY,
  '15m': 7 * DAY,
  '1h': 30 * DAY,
  '1d': 365 * DAY,
}

export function isInterval(value: unknown): value is Interval {
  return typeof value === 'string' && (INTERVALS as readonly string[]).includes(value)
}

/** The window one bar covers. */
export interface BarWindow {
  /** First instant inside it, epoch ms. */
  start: number
  /** First instant after it, epoch ms. */
  end: number
  /**
   * The bar's time (`Bar.datetime`): its start for minutes and hours; for a
   * day, the trading day's date at 00:00 UTC, since a trading day can begin
   * the evening before (a chart shows it as that date).
   */
  datetime: number
}

/**
 * The window of the `minutes`-long bar (1, 5, 15, 60, or 1440 for a trading
 * day) that holds `time`. Shorter windows sit on the clock (5 minutes at :00,
 * :05, …) and are cut at the trading day's roll.
 */
export function barWindow(instrument: { exchange: Exchange }, minutes: number, time: number): BarWindow {
  const dayStart = tradingDayStart(instrument, time)
  const dayEnd = tradingDayEnd(instrument, time)
  if (minutes >= 1440) return { start: dayStart, end: dayEnd, datetime: Date.parse(tradingDayOf(instrument, time)) }
  const span = minutes * MINUTE
  const start = Math.max(dayStart, Math.floor(time / span) * span)
  return { start, end: Math.min(dayEnd, Math.floor(time / span) * span + span), datetime: start }
}

/** Where the first whole `minutes`-long window at or after `time` begins: history never starts with a cut bar. */
export function firstWindowFrom(instrument: { exchange: Exchange }, minutes: number, time: number): number {
  const window = barWindow(instrument, minutes, time)
  return window.start >= time ? window.start : window.end
}

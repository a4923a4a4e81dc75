/**
 * What the price chart draws, as plain data: bars of the chosen interval
 * (the host's history joined to the bars built from ticks), candles, volume
 * columns, moving averages and fill markers in lightweight-charts' shapes.
 */
import type {
  CandlestickData,
  HistogramData,
  LineData,
  SeriesMarker,
  UTCTimestamp,
  WhitespaceData,
} from 'lightweight-charts'
import { aggregateBars } from '../../../shared/bar-generator'
import { INTERVAL_MINUTES, barWindow, type Interval } from '../../../shared/intervals'
import { round } from '../../../shared/numbers'
import type { Bar, Exchange, Trade } from '../../../shared/objects'

/**
 * The chart's bars: the host's history up to the first bar built from
 * ticks, then those (minutes made into `interval` bars). A window both
 * cover (history ends inside it, the live minutes go on) becomes one bar:
 * history's open, the live close, the extremes and volume of both.
 */
export function joinBars(history: readonly Bar[], liveMinutes: readonly Bar[], interval: Interval): Bar[] {
  const live = aggregateBars(liveMinutes, INTERVAL_MINUTES[interval])
  const first = live[0]
  if (first === undefined) return history.map((bar) => ({ ...bar }))
  const bars = history.filter((bar) => bar.datetime < first.datetime).map((bar) => ({ ...bar }))
  const shared = history.find((bar) => bar.datetime === first.datetime)
  if (shared !== undefined)
    live[0] = {
      ...first,
      openPrice: shared.openPrice,
      highPrice: Math.max(shared.highPrice, first.highPrice),
      lowPrice: Math.min(shared.lowPrice, first.lowPrice),
      volume: shared.volume + first.volume,
      turnover: shared.turnover + first.turnover,
    }
  return bars.concat(live)
}

/**
 * A bar's time on the chart's axis. lightweight-charts draws its axis in
 * UTC: intraday times are shifted by the local offset so the axis reads as
 * the trader's wall clock; a daily bar's time is already its date at 00:00
 * UTC, and stays so the axis shows that date.
 */
export function chartTime(datetime: number, interval: Interval): UTCTimestamp {
  const shift = interval === '1d' ? 0 : new Date(datetime).getTimezoneOffset() * 60_000
  return Math.floor((datetime - shift) / 1000) as UTCTimestamp
}

export function toCandle(bar: Bar, interval: Interval): CandlestickData<UTCTimestamp> {
  return {
    time: chartTime(bar.datetime, interval),
    open: bar.openPrice,
    high: bar.highPrice,
    low: bar.lowPrice,
    close: bar.closePrice,
  }
}

/** A volume column, in the bar's rising or falling colour (colour is not the only cue: the candle above says it too). */
export function toVolume(
  bar: Bar,
  interval: Interval,
  colours: { upVolume: string; downVolume: string },
): HistogramData<UTCTimestamp> {
  return {
    time: chartTime(bar.datetime, interval),
    value: bar.volume,
    color: bar.closePrice >= bar.openPrice ? colours.upVolume : colours.downVolume,
  }
}

/** Simple moving average of closes over `period` bars: no value (whitespace) until a period has passed. */
export function movingAverage(
  bars: readonly Bar[],
  period: number,
  interval: Interval,
): (LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>)[] {
  const points: (LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>)[] = []
  let sum = 0
  for (let i = 0; i < bars.length; i++) {
    sum += bars[i].closePrice
    if (i >= period) sum -= bars[i - period].closePrice
    const time = chartTime(bars[i].datetime, interval)
    points.push(i >= period - 1 ? { time, value: sum / period } : { time })
  }
  return points
}

/** The moving average of `period` closes ending at bar `index`, or undefined before a period has passed. */
export function averageAt(bars: readonly Bar[], period: number, index: number): number | undefined {
  if (index < period - 1 || index >= bars.length) return undefined
  let sum = 0
  for (let i = index - period + 1; i <= index; i++) sum += bars[i].closePrice
  return sum / period
}

/** Roughly how wide a marker's label is drawn, px per character (11 px font). */
const LABEL_CHAR_PX = 7
/** Space kept between two labels, px. */
const LABEL_GAP_PX = 6

/**
 * The user's fills on the chart: one marker per bar and side (the fills of
 * a bar summed, at their average price), buys below the bar in the up
 * colour, sells above in the down colour. Where two markers of a side sit
 * closer than their labels are wide (`barSpacing` px apart per bar), the
 * later one keeps its arrow and drops its label, so labels never overlap;
 * zooming in brings them back.
 */
export function fillMarkers(
  trades: Iterable<Trade>,
  bars: readonly Bar[],
  instrument: { exchange: Exchange },
  interval: Interval,
  barSpacing: number,
  colours: { up: string; down: string },
  formatPrice: (price: number) => string,
): SeriesMarker<UTCTimestamp>[] {
  const minutes = INTERVAL_MINUTES[interval]
  const groups = new Map<string, { datetime: number; buy: boolean; volume: number; value: number }>()
  for (const trade of trades) {
    const datetime = barWindow(instrument, minutes, trade.datetime).datetime
    const buy = trade.direction === 'LONG'
    const key = `${datetime}:${buy}`
    const group = groups.get(key) ?? { datetime, buy, volume: 0, value: 0 }
    group.volume += trade.volume
    group.value += trade.volume * trade.price
    groups.set(key, group)
  }
  const sorted = [...groups.values()].sort((a, b) => a.datetime - b.datetime)
  const lastLabel: Record<'buy' | 'sell', { index: number; width: number } | undefined> = {
    buy: undefined,
    sell: undefined,
  }
  return sorted.map((group) => {
    const text = `${group.buy ? 'B' : 'S'} ${round(group.volume, 8)}@${formatPrice(group.value / group.volume)}`
    const width = text.length * LABEL_CHAR_PX
    const side = group.buy ? 'buy' : 'sell'
    const previous = lastLabel[side]
    const index = barIndex(bars, group.datetime)
    const fits =
      previous === undefined || (index - previous.index) * barSpacing >= (previous.width + width) / 2 + LABEL_GAP_PX
    if (fits) lastLabel[side] = { index, width }
    const marker: SeriesMarker<UTCTimestamp> = {
      time: chartTime(group.datetime, interval),
      position: group.buy ? 'belowBar' : 'aboveBar',
      shape: group.buy ? 'arrowUp' : 'arrowDown',
      color: group.buy ? colours.up : colours.down,
    }
    if (fits) marker.text = text
    return marker
  })
}

/** The index of the bar at `datetime` among `bars` (oldest first), or where it would be. */
function barIndex(bars: readonly Bar[], datetime: number): number {
  let low = 0
  let high = bars.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (bars[middle].datetime < datetime) low = middle + 1
    else high = middle
  }
  return low
}

import type { CandlestickData, SeriesMarker, UTCTimestamp } from 'lightweight-charts'
import { MINUTE } from '../../../shared/numbers'
import type { Trade } from '../../../shared/objects'
import type { Candle } from './candle-book'

/**
 * lightweight-charts draws its time axis in UTC; shifting each time by the
 * local offset makes the axis read as the trader's wall clock.
 */
export function chartTime(epochMs: number): UTCTimestamp {
  return Math.floor((epochMs - new Date(epochMs).getTimezoneOffset() * MINUTE) / 1000) as UTCTimestamp
}

export function toCandlestick(candle: Candle): CandlestickData<UTCTimestamp> {
  return { time: chartTime(candle.time), open: candle.open, high: candle.high, low: candle.low, close: candle.close }
}

/** One marker per fill, on its bar: buys below in the up colour, sells above in the down colour. */
export function fillMarkers(
  trades: Iterable<Trade>,
  intervalMs: number,
  colours: { up: string; down: string },
  formatPrice: (price: number) => string,
): SeriesMarker<UTCTimestamp>[] {
  const markers: SeriesMarker<UTCTimestamp>[] = []
  for (const trade of trades) {
    const buy = trade.direction === 'LONG'
    markers.push({
      time: chartTime(Math.floor(trade.datetime / intervalMs) * intervalMs),
      position: buy ? 'belowBar' : 'aboveBar',
      shape: buy ? 'arrowUp' : 'arrowDown',
      color: buy ? colours.up : colours.down,
      text: `${buy ? 'B' : 'S'} ${trade.volume}@${formatPrice(trade.price)}`,
    })
  }
  return markers.sort((a, b) => a.time - b.time)
}

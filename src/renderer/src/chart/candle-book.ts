import { MINUTE } from '../../../shared/numbers'
import type { Bar, Tick } from '../../../shared/objects'

/** One bar of the price chart. `time` is the bar's open, epoch milliseconds. */
export interface Candle {
  time: number
  open: number
  high: number
  low: number
  close: number
  volume: number
}

/** A 1-minute (or `interval`-minute) bar from the host as a candle. */
export function barToCandle(bar: Bar): Candle {
  return {
    time: bar.datetime,
    open: bar.openPrice,
    high: bar.highPrice,
    low: bar.lowPrice,
    close: bar.closePrice,
    volume: bar.volume,
  }
}

interface Series {
  candles: Candle[]
  /** The instrument's cumulative volume at the last tick, to turn it into per-bar volume. */
  lastCumulativeVolume: number | undefined
}

/**
 * Candles built from ticks, per instrument, for every instrument the window
 * receives: switching the chart to another symbol shows history at once.
 * Each series keeps its most recent `maxBars` bars.
 */
export class CandleBook {
  private readonly series = new Map<string, Series>()

  constructor(
    readonly intervalMs = MINUTE,
    readonly maxBars = 1440,
  ) {}

  /** Folds a tick into its bar; returns the bar it changed (new or last). */
  update(tick: Tick): Candle | undefined {
    if (!(tick.lastPrice > 0)) return undefined
    let series = this.series.get(tick.vtSymbol)
    if (series === undefined) {
      series = { candles: [], lastCumulativeVolume: undefined }
      this.series.set(tick.vtSymbol, series)
    }
    const time = Math.floor(tick.datetime / this.intervalMs) * this.intervalMs
    const traded =
      series.lastCumulativeVolume === undefined || tick.volume < series.lastCumulativeVolume
        ? 0
        : tick.volume - series.lastCumulativeVolume
    series.lastCumulativeVolume = tick.volume
    const candles = series.candles
    const last = candles[candles.length - 1]
    // A tick older than the last bar (reordered or replayed) cannot move history: drop it.
    if (last !== undefined && time < last.time) return undefined
    if (last !== undefined && time === last.time) {
      last.high = Math.max(last.high, tick.lastPrice)
      last.low = Math.min(last.low, tick.lastPrice)
      last.close = tick.lastPrice
      last.volume += traded
      return last
    }
    const price = tick.lastPrice
    const candle: Candle = { time, open: price, high: price, low: price, close: price, volume: traded }
    candles.push(candle)
    if (candles.length > this.maxBars) candles.splice(0, candles.length - this.maxBars)
    return candle
  }

  /**
   * Puts past bars (oldest first, on this book's interval) before those built
   * from ticks. Only bars older than the first one held are taken: a minute
   * already built from live ticks is never replaced nor doubled, so the live
   * bar wins and the next tick continues from the history. Keeps the newest
   * `maxBars`. Returns how many bars were added.
   */
  seed(vtSymbol: string, history: readonly Candle[]): number {
    let series = this.series.get(vtSymbol)
    const firstTime = series?.candles[0]?.time ?? Infinity
    const older: Candle[] = []
    for (const candle of history) {
      const previous = older[older.length - 1]
      // In order, on the grid, before the live bars, each time once.
      if (!(candle.time < firstTime) || candle.time % this.intervalMs !== 0) continue
      if (previous !== undefined && candle.time <= previous.time) continue
      older.push({ ...candle })
    }
    const room = this.maxBars - (series?.candles.length ?? 0)
    if (older.length > room) older.splice(0, older.length - Math.max(0, room))
    if (older.length === 0) return 0
    if (series === undefined) {
      series = { candles: [], lastCumulativeVolume: undefined }
      this.series.set(vtSymbol, series)
    }
    series.candles.unshift(...older)
    return older.length
  }

  candles(vtSymbol: string): readonly Candle[] {
    return this.series.get(vtSymbol)?.candles ?? []
  }

  clear(): void {
    this.series.clear()
  }
}

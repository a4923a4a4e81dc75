import { barWindow } from './intervals'
import { MINUTE } from './numbers'
import type { Bar, Tick } from './objects'

/** What a window counts (vnpy's Interval for the window): minutes, hours, or trading days. */
export type WindowUnit = 'minute' | 'hour' | 'day'

/**
 * Builds 1-minute bars from ticks and window bars from those (vnpy's
 * BarGenerator): N-minute and N-hour bars on the clock, daily bars by the
 * instrument's trading day, no window across a trading day's roll (see
 * `barWindow`). A bar is emitted when it closes: on the first tick of the
 * next minute, or by `closeDue(now)` from the timer, so a quiet market does
 * not hold the last bar back until the next tick (vnpy waits for it). The
 * strategies, the host's history aggregation and the chart's live bars all
 * use it.
 */
export class BarGenerator {
  private bar: Bar | undefined
  private lastTick: Tick | undefined
  private windowBar: Bar | undefined
  /** Where the window being built ends, epoch ms. */
  private windowEnd = 0
  /** The window's length in minutes; a trading day counts as 1440. */
  private readonly windowMinutes: number

  /**
   * @param onBar receives each finished 1-minute bar
   * @param window how many units make a window bar (0 or 1 minute: none; a day window is one trading day)
   * @param onWindowBar receives each finished window bar
   * @param unit what `window` counts
   */
  constructor(
    private readonly onBar: (bar: Bar) => void,
    window = 0,
    private readonly onWindowBar?: (bar: Bar) => void,
    unit: WindowUnit = 'minute',
  ) {
    this.windowMinutes = unit === 'day' ? 1440 : unit === 'hour' ? window * 60 : window
  }

  /** The 1-minute bar being built, not finished yet. The generator keeps changing it: copy what you keep. */
  get currentBar(): Readonly<Bar> | undefined {
    return this.bar
  }

  /** The window bar being built from the finished 1-minute bars so far. Changes as `currentBar` does. */
  get currentWindowBar(): Readonly<Bar> | undefined {
    return this.windowBar
  }

  updateTick(tick: Tick): void {
    if (!(tick.lastPrice > 0)) return
    // Ticks that arrive late for a minute already emitted would reopen it; drop them.
    if (this.lastTick !== undefined && tick.datetime < this.lastTick.datetime) return
    const minute = Math.floor(tick.datetime / MINUTE) * MINUTE
    if (this.bar !== undefined && minute !== this.bar.datetime) this.finish()
    if (this.bar === undefined) {
      this.bar = {
        symbol: tick.symbol,
        exchange: tick.exchange,
        vtSymbol: tick.vtSymbol,
        gatewayName: tick.gatewayName,
        datetime: minute,
        interval: 1,
        openPrice: tick.lastPrice,
        highPrice: tick.lastPrice,
        lowPrice: tick.lastPrice,
        closePrice: tick.lastPrice,
        volume: 0,
        turnover: 0,
        openInterest: tick.openInterest,
      }
    } else {
      const bar = this.bar
      bar.highPrice = Math.max(bar.highPrice, tick.lastPrice)
      bar.lowPrice = Math.min(bar.lowPrice, tick.lastPrice)
      bar.closePrice = tick.lastPrice
      bar.openInterest = tick.openInterest
    }
    // Tick volume and turnover are cumulative for the day: a bar gets the increase.
    if (this.lastTick !== undefined) {
      this.bar.volume += Math.max(0, tick.volume - this.lastTick.volume)
      this.bar.turnover += Math.max(0, tick.turnover - this.lastTick.turnover)
    }
    this.lastTick = tick
  }

  /** Emits the current 1-minute bar if its minute has ended by `now` (epoch ms). */
  closeDue(now: number): void {
    if (this.bar !== undefined && now >= this.bar.datetime + MINUTE) this.finish()
  }

  /**
   * Feeds a finished 1-minute bar (from history or `onBar`) into the window
   * bar. Only the fields are read, and the first bar of a window is copied:
   * a caller may pass the same object again with new values.
   */
  updateBar(bar: Readonly<Bar>): void {
    if (this.windowMinutes <= 1) return
    if (this.windowBar !== undefined && bar.datetime >= this.windowEnd) this.finishWindow()
    if (this.windowBar === undefined) {
      const window = barWindow(bar, this.windowMinutes, bar.datetime)
      this.windowEnd = window.end
      this.windowBar = { ...bar, datetime: window.datetime, interval: this.windowMinutes }
    } else {
      const w = this.windowBar
      w.highPrice = Math.max(w.highPrice, bar.highPrice)
      w.lowPrice = Math.min(w.lowPrice, bar.lowPrice)
      w.closePrice = bar.closePrice
      w.volume += bar.volume
      w.turnover += bar.turnover
      w.openInterest = bar.openInterest
    }
    if (bar.datetime + MINUTE >= this.windowEnd) this.finishWindow()
  }

  private finish(): void {
    const bar = this.bar
    this.bar = undefined
    if (bar !== undefined) this.onBar(bar)
  }

  private finishWindow(): void {
    const bar = this.windowBar
    this.windowBar = undefined
    if (bar !== undefined) this.onWindowBar?.(bar)
  }
}

/**
 * 1-minute bars (oldest first) as bars of `minutes` (see `barWindow`), the
 * last one partial when the minutes end inside its window: what the host
 * answers for a 5-minute chart when the gateway has minutes only.
 */
export function aggregateBars(minuteBars: readonly Readonly<Bar>[], minutes: number): Bar[] {
  if (minutes <= 1) return minuteBars.map((bar) => ({ ...bar }))
  const bars: Bar[] = []
  const generator = new BarGenerator(
    () => undefined,
    minutes,
    (bar) => bars.push(bar),
  )
  for (const bar of minuteBars) generator.updateBar(bar)
  const partial = generator.currentWindowBar
  if (partial !== undefined) bars.push({ ...partial })
  return bars
}

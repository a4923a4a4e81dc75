import { MINUTE } from '../../shared/numbers'
import type { Bar, Tick } from '../../shared/objects'

/**
 * Builds 1-minute bars from ticks and N-minute bars from those (vnpy's
 * BarGenerator). A bar is emitted when its minute closes: on the first tick
 * of the next minute, or by `closeDue(now)` from the timer, so a quiet market
 * does not hold the last bar back until the next tick.
 */
export class BarGenerator {
  private bar: Bar | undefined
  private lastTick: Tick | undefined
  private windowBar: Bar | undefined

  /**
   * @param onBar receives each finished 1-minute bar
   * @param window N for N-minute bars (0 or 1: none)
   * @param onWindowBar receives each finished N-minute bar
   */
  constructor(
    private readonly onBar: (bar: Bar) => void,
    private readonly window = 0,
    private readonly onWindowBar?: (bar: Bar) => void,
  ) {}

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

  /** Feeds a finished 1-minute bar (from history or `onBar`) into the N-minute bar. */
  updateBar(bar: Bar): void {
    if (this.window <= 1 || this.onWindowBar === undefined) return
    const span = this.window * MINUTE
    const start = Math.floor(bar.datetime / span) * span
    if (this.windowBar !== undefined && this.windowBar.datetime !== start) this.finishWindow()
    if (this.windowBar === undefined) {
      this.windowBar = { ...bar, datetime: start, interval: this.window }
    } else {
      const w = this.windowBar
      w.highPrice = Math.max(w.highPrice, bar.highPrice)
      w.lowPrice = Math.min(w.lowPrice, bar.lowPrice)
      w.closePrice = bar.closePrice
      w.volume += bar.volume
      w.turnover += bar.turnover
      w.openInterest = bar.openInterest
    }
    if (bar.datetime + MINUTE >= start + span) this.finishWindow()
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

import type { Bar } from '../../shared/objects'

/**
 * The last `size` bars as arrays, with the indicators the built-in
 * strategies use (vnpy's ArrayManager, without TA-Lib).
 */
export class ArrayManager {
  readonly close: number[] = []
  readonly high: number[] = []
  readonly low: number[] = []
  private count = 0

  constructor(readonly size = 100) {}

  /** True once `size` bars have been seen: indicators over the full window are valid. */
  get inited(): boolean {
    return this.count >= this.size
  }

  updateBar(bar: Bar): void {
    this.count++
    this.close.push(bar.closePrice)
    this.high.push(bar.highPrice)
    this.low.push(bar.lowPrice)
    if (this.close.length > this.size) {
      this.close.shift()
      this.high.shift()
      this.low.shift()
    }
  }

  /** Simple moving average of the last `n` closes, `offset` bars back (0: the latest). */
  sma(n: number, offset = 0): number {
    const end = this.close.length - offset
    const start = end - n
    if (start < 0 || n <= 0) return NaN
    let sum = 0
    for (let i = start; i < end; i++) sum += this.close[i]
    return sum / n
  }

  /** Average true range over the last `n` bars. */
  atr(n: number): number {
    const len = this.close.length
    if (len < n + 1 || n <= 0) return NaN
    let sum = 0
    for (let i = len - n; i < len; i++) {
      const prevClose = this.close[i - 1]
      sum += Math.max(this.high[i] - this.low[i], Math.abs(this.high[i] - prevClose), Math.abs(this.low[i] - prevClose))
    }
    return sum / n
  }
}

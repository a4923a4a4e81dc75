import type { Bar, Tick } from '../../../shared/objects'
import type { ParameterSpec } from '../../../shared/strategy'
import { ArrayManager } from '../array-manager'
import { BarGenerator } from '../../../shared/bar-generator'
import { CtaTemplate } from '../template'

type Params = { fastWindow: number; slowWindow: number; barMinutes: number; fixedSize: number }
type Vars = { fastMa: number; slowMa: number; signal: string }

/**
 * Double moving-average crossover, vnpy's classic first strategy: long when
 * the fast average crosses above the slow one, short when it crosses below,
 * always one position of `fixedSize` in the direction of the last cross.
 * Bars are `barMinutes` long; `loadBars` warms the averages up so the first
 * signal can come right after start rather than `slowWindow` bars later.
 */
export class DoubleMaStrategy extends CtaTemplate<Params, Vars> {
  static readonly className = 'DoubleMaStrategy'
  static readonly description = 'Moving-average crossover: long above, short below; one position of fixed size.'
  static readonly parameters: ParameterSpec[] = [
    { name: 'fastWindow', type: 'integer', default: 10, min: 2, max: 500, description: 'Bars in the fast average' },
    { name: 'slowWindow', type: 'integer', default: 20, min: 3, max: 1000, description: 'Bars in the slow average' },
    { name: 'barMinutes', type: 'integer', default: 1, min: 1, max: 60, description: 'Minutes per bar' },
    { name: 'fixedSize', type: 'number', default: 1, min: 0, description: 'Position size' },
  ]
  static readonly variables = ['fastMa', 'slowMa', 'signal']

  vars: Vars = { fastMa: 0, slowMa: 0, signal: '' }
  private readonly bars: BarGenerator
  private readonly am: ArrayManager

  constructor(...args: ConstructorParameters<typeof CtaTemplate>) {
    super(...args)
    if (this.params.fastWindow >= this.params.slowWindow) {
      throw new RangeError('fastWindow must be less than slowWindow')
    }
    this.am = new ArrayManager(this.params.slowWindow + 1)
    this.bars =
      this.params.barMinutes > 1
        ? new BarGenerator(
            (bar) => this.bars.updateBar(bar),
            this.params.barMinutes,
            (bar) => this.onBar(bar),
          )
        : new BarGenerator((bar) => this.onBar(bar))
  }

  override async onInit(): Promise<void> {
    this.writeLog('Initialising: loading 3 days of bars')
    await this.loadBars(3, (bar) => this.onMinuteBar(bar))
  }

  override onTick(tick: Tick): void {
    this.bars.updateTick(tick)
  }

  override onTimer(now: number): void {
    this.bars.closeDue(now)
  }

  private onMinuteBar(bar: Bar): void {
    if (this.params.barMinutes > 1) this.bars.updateBar(bar)
    else this.onBar(bar)
  }

  override onBar(bar: Bar): void {
    this.am.updateBar(bar)
    if (!this.am.inited) return
    const fast0 = this.am.sma(this.params.fastWindow)
    const fast1 = this.am.sma(this.params.fastWindow, 1)
    const slow0 = this.am.sma(this.params.slowWindow)
    const slow1 = this.am.sma(this.params.slowWindow, 1)
    this.vars.fastMa = Number(fast0.toFixed(4))
    this.vars.slowMa = Number(slow0.toFixed(4))
    const crossOver = fast0 > slow0 && fast1 <= slow1
    const crossBelow = fast0 < slow0 && fast1 >= slow1
    if (crossOver) this.vars.signal = 'golden cross'
    if (crossBelow) this.vars.signal = 'death cross'

    if (this.trading) {
      const size = this.params.fixedSize
      // Limit prices a few ticks through the close, so the order crosses as a trader's would.
      const slip = 5 * this.pricetick()
      if (crossOver) {
        this.cancelAll()
        const price = this.roundPrice(bar.closePrice + slip)
        if (this.pos < 0) this.cover(price, -this.pos)
        if (this.pos <= 0) this.buy(price, size)
      } else if (crossBelow) {
        this.cancelAll()
        const price = this.roundPrice(bar.closePrice - slip)
        if (this.pos > 0) this.sell(price, this.pos)
        if (this.pos >= 0) this.short(price, size)
      }
    }
    this.putEvent()
  }
}

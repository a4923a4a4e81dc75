import { isActive, type Order, type Tick, type Trade } from '../../../shared/objects'
import type { ParameterSpec } from '../../../shared/strategy'
import { CtaTemplate } from '../template'

type Params = { gridStep: number; gridLevels: number; orderVolume: number; maxPos: number }
type Vars = { center: number; working: number; fills: number }

/**
 * A symmetric grid: `gridLevels` bids below and asks above a centre price,
 * `gridStep` price ticks apart. When any level fills, the grid is pulled and
 * re-laid around the fill price, so the strategy buys dips and sells rallies
 * while its position stays within ±`maxPos`. It quotes as soon as it starts,
 * which makes it the demo a new user can watch trade.
 */
export class GridStrategy extends CtaTemplate<Params, Vars> {
  static readonly className = 'GridStrategy'
  static readonly description = 'Symmetric grid of limit orders around the price, re-centred on every fill.'
  static readonly parameters: ParameterSpec[] = [
    { name: 'gridStep', type: 'integer', default: 4, min: 1, max: 1000, description: 'Price ticks between levels' },
    { name: 'gridLevels', type: 'integer', default: 2, min: 1, max: 10, description: 'Levels on each side' },
    { name: 'orderVolume', type: 'number', default: 1, min: 0, description: 'Volume per level' },
    { name: 'maxPos', type: 'number', default: 4, min: 0, description: 'Largest position either way' },
  ]
  static readonly variables = ['center', 'working', 'fills']
  static readonly persistent = ['fills']

  vars: Vars = { center: 0, working: 0, fills: 0 }
  /** Orders this grid has working, by vtOrderId. */
  private readonly live = new Set<string>()
  /** Set after a fill: pull the grid, then re-lay it once every cancel is confirmed. */
  private recentre = false

  override onStart(): void {
    this.vars.center = 0
    this.putEvent()
  }

  override onStop(): void {
    this.live.clear()
    this.vars.working = 0
    this.putEvent()
  }

  override onTick(tick: Tick): void {
    if (!this.trading) return
    if (this.recentre) {
      if (this.live.size > 0) return
      this.recentre = false
    }
    if (this.live.size === 0) this.layGrid(tick.lastPrice)
  }

  override onOrder(order: Order): void {
    if (isActive(order)) this.live.add(order.vtOrderId)
    else this.live.delete(order.vtOrderId)
    this.vars.working = this.live.size
    this.putEvent()
  }

  override onTrade(trade: Trade): void {
    this.vars.fills = Number(this.vars.fills) + 1
    this.vars.center = trade.price
    this.recentre = true
    this.cancelAll()
    this.putEvent()
  }

  private layGrid(price: number): void {
    const center = this.roundPrice(price)
    const step = this.params.gridStep * this.pricetick()
    const volume = this.params.orderVolume
    this.vars.center = center
    let longRoom = this.params.maxPos - this.pos
    let shortRoom = this.params.maxPos + this.pos
    // Bids first cover an existing short and asks first sell an existing long; only the rest opens.
    let shortToCover = Math.max(0, -this.pos)
    let longToSell = Math.max(0, this.pos)
    for (let level = 1; level <= this.params.gridLevels; level++) {
      if (longRoom >= volume) {
        const bid = this.roundPrice(center - level * step)
        const cover = Math.min(volume, shortToCover)
        this.track(cover > 0 ? this.cover(bid, cover) : this.buy(bid, volume))
        shortToCover -= cover
        longRoom -= volume
      }
      if (shortRoom >= volume) {
        const ask = this.roundPrice(center + level * step)
        const sell = Math.min(volume, longToSell)
        this.track(sell > 0 ? this.sell(ask, sell) : this.short(ask, volume))
        longToSell -= sell
        shortRoom -= volume
      }
    }
    this.vars.working = this.live.size
    this.putEvent()
  }

  private track(vtOrderIds: string[]): void {
    for (const id of vtOrderIds) this.live.add(id)
  }
}

import type { Account, Direction, Offset, Position } from '../../../shared/objects'
import type { Currency } from './instruments'
import type { MarketModel } from './market'

/**
 * One side of one instrument. Volumes are lots of minVolume; `cost` is the
 * sum of open price × lots, so the average open price survives closes
 * unchanged (closes realise their profit against the average).
 */
export class SimPosition {
  lots = 0
  ydLots = 0
  /** Lots held back for working close orders. */
  frozenLots = 0
  /** Sum of open price × lots still held. */
  cost = 0

  constructor(
    readonly market: MarketModel,
    readonly direction: Direction,
  ) {}

  get averagePrice(): number {
    return this.lots > 0 ? this.cost / this.lots : 0
  }

  /** Lots a new close order with `offset` may still take; under T+1 only yesterday's lots can be sold. */
  closable(offset: Offset): number {
    const free = this.lots - this.frozenLots
    if (this.market.tPlusOne) return offset === 'CLOSETODAY' ? 0 : Math.max(0, this.ydLots - this.frozenLots)
    if (offset === 'CLOSEYESTERDAY') return Math.min(free, this.ydLots)
    if (offset === 'CLOSETODAY') return Math.min(free, this.lots - this.ydLots)
    return free
  }

  open(price: number, lots: number): void {
    this.lots += lots
    this.cost += price * lots
  }

  /** Closes `lots` at `price` and returns the profit realised against the average open price. */
  close(price: number, lots: number, offset: Offset): number {
    const average = this.averagePrice
    // CLOSETODAY leaves yesterday's lots alone; CLOSE and CLOSEYESTERDAY take them first, as the exchanges do.
    if (offset !== 'CLOSETODAY') this.ydLots -= Math.min(this.ydLots, lots)
    else this.ydLots = Math.min(this.ydLots, this.lots - lots)
    this.lots -= lots
    this.cost = this.lots > 0 ? average * this.lots : 0
    return this.sign * (price - average) * this.market.volume(lots) * this.market.spec.size
  }

  /** Profit against the last price. */
  pnl(): number {
    if (this.lots === 0) return 0
    const mark = this.market.price(this.market.lastTicks)
    return this.sign * (mark - this.averagePrice) * this.market.volume(this.lots) * this.market.spec.size
  }

  /** Margin held: the open value at the average price times the margin rate. */
  margin(): number {
    const { spec } = this.market
    return this.averagePrice * this.market.volume(this.lots) * spec.size * spec.marginRate
  }

  toPosition(gatewayName: string): Position {
    const { spec, vtSymbol } = this.market
    return {
      gatewayName,
      symbol: spec.symbol,
      exchange: spec.exchange,
      vtSymbol,
      direction: this.direction,
      vtPositionId: `${gatewayName}.${vtSymbol}.${this.direction}`,
      volume: this.market.volume(this.lots),
      ydVolume: this.market.volume(this.ydLots),
      frozen: this.market.volume(this.frozenLots),
      price: this.averagePrice,
      pnl: this.pnl(),
      margin: this.margin(),
    }
  }

  private get sign(): number {
    return this.direction === 'LONG' ? 1 : -1
  }
}

/** Money that only fills move: the rest of an account is derived from positions and working orders. */
export interface Funds {
  capital: number
  commission: number
  closePnl: number
}

/** The simulated broker's books: positions per instrument and side, and one account per currency. */
export class Ledger {
  private readonly positions = new Map<string, SimPosition>()
  private readonly funds = new Map<Currency, Funds>()

  constructor(capital: Partial<Record<Currency, number>>) {
    for (const [currency, amount] of Object.entries(capital) as [Currency, number][])
      this.funds.set(currency, { capital: amount, commission: 0, closePnl: 0 })
  }

  position(market: MarketModel, direction: Direction): SimPosition {
    const key = `${market.vtSymbol}.${direction}`
    let position = this.positions.get(key)
    if (position === undefined) this.positions.set(key, (position = new SimPosition(market, direction)))
    return position
  }

  /** The position if one was ever opened; a look must not create one. */
  find(market: MarketModel, direction: Direction): SimPosition | undefined {
    return this.positions.get(`${market.vtSymbol}.${direction}`)
  }

  /** Positions ever opened today, flat ones included so a screen sees them go to zero. */
  allPositions(): SimPosition[] {
    return [...this.positions.values()]
  }

  /** One currency's funds, live: the exchange records them after each fill. */
  fundsOf(currency: Currency): Funds {
    const funds = this.funds.get(currency)
    if (funds === undefined) throw new Error(`no account in ${currency}`)
    return funds
  }

  /** Puts back an account as a stored exchange left it (a currency not opened here is opened). */
  restoreFunds(currency: Currency, funds: Funds): void {
    this.funds.set(currency, { ...funds })
  }

  /** Books a fill: the position it opens or closes, its commission and any profit it realises. */
  fill(market: MarketModel, direction: Direction, offset: Offset, price: number, lots: number): number {
    const { spec } = market
    const funds = this.fundsOf(spec.currency)
    const commission = price * market.volume(lots) * spec.size * spec.commissionRate
    funds.commission += commission
    if (offset === 'OPEN') this.position(market, direction).open(price, lots)
    else funds.closePnl += this.position(market, opposite(direction)).close(price, lots, offset)
    return commission
  }

  /** The account of one currency; `frozen` is what its working open orders hold back. */
  account(currency: Currency, frozen: number, gatewayName: string): Account {
    const funds = this.fundsOf(currency)
    let margin = 0
    let positionPnl = 0
    for (const position of this.positions.values()) {
      if (position.market.spec.currency !== currency) continue
      margin += position.margin()
      positionPnl += position.pnl()
    }
    const balance = funds.capital + funds.closePnl + positionPnl - funds.commission
    return {
      gatewayName,
      accountId: currency,
      vtAccountId: `${gatewayName}.${currency}`,
      balance,
      frozen,
      available: balance - margin - frozen,
      margin,
      commission: funds.commission,
      closePnl: funds.closePnl,
      positionPnl,
    }
  }

  currencies(): Currency[] {
    return [...this.funds.keys()]
  }
}

/** The position side a close order on `direction` reduces. */
export function opposite(direction: Direction): Direction {
  return direction === 'LONG' ? 'SHORT' : 'LONG'
}

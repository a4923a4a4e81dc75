import { decimalPlaces, round } from '../../../shared/numbers'
import { toVtSymbol, type Tick } from '../../../shared/objects'
import { marketOf } from '../../../shared/trading-day'
import type { InstrumentSpec } from './instruments'
import type { Random, RandomState } from './random'

export const BOOK_LEVELS = 5

/** Pull of the log price back towards yesterday's close, per second: keeps a day's walk near the limits rarely. */
const MEAN_REVERSION = 1 / 1800
/** Expected price jumps per second, and the standard deviation of one jump's log size. */
const JUMP_RATE = 1 / 300
const JUMP_SIZE = 0.003

/**
 * Five levels a side. Prices are integer multiples of the price tick and
 * volumes integer lots of minVolume, so matching never meets a rounding error.
 * A level with 0 lots is absent (beyond a price limit).
 */
export interface Book {
  bidTicks: number[]
  bidLots: number[]
  askTicks: number[]
  askLots: number[]
}

/** Everything that moves in a market, as plain data: a restored market continues where it stopped. */
export interface MarketState {
  random: RandomState
  tradingDay: string
  dayEnds: number
  preCloseTicks: number
  datetime: number
  logPrice: number
  lastTicks: number
  openTicks: number
  highTicks: number
  lowTicks: number
  lastLots: number
  volumeLots: number
  turnover: number
  openInterest: number
  book: Book
}

/**
 * One instrument's market: a mean-reverting walk of the log price with
 * occasional jumps, snapped to the tick grid and held inside the daily
 * limits, with a book around the last price and cumulative volume, turnover
 * and open interest. Driven only by its own seeded generator.
 */
export class MarketModel {
  readonly vtSymbol: string
  /** A-shares: what is bought today can be sold from the next trading day only. */
  readonly tPlusOne: boolean
  /** Orders last one trading day, as on Chinese exchanges; crypto orders stay until cancelled. */
  readonly ordersExpire: boolean
  limitUpTicks = Infinity
  limitDownTicks = 1
  /** The trading day the market is in (see tradingDayOf), and when it ends, epoch ms; the exchange rolls it. */
  tradingDay = ''
  dayEnds = Infinity
  readonly book: Book = {
    bidTicks: new Array<number>(BOOK_LEVELS).fill(0),
    bidLots: new Array<number>(BOOK_LEVELS).fill(0),
    askTicks: new Array<number>(BOOK_LEVELS).fill(0),
    askLots: new Array<number>(BOOK_LEVELS).fill(0),
  }
  lastTicks: number
  /** Exchange time of the last step, epoch milliseconds. */
  datetime = 0
  private logPrice: number
  private anchor: number
  private preCloseTicks = 0
  private readonly scale: number
  private openTicks = 0
  private highTicks = 0
  private lowTicks = 0
  private lastLots = 0
  private volumeLots = 0
  private turnover = 0
  private openInterest: number

  constructor(
    readonly spec: InstrumentSpec,
    private readonly random: Random,
  ) {
    this.vtSymbol = toVtSymbol(spec.symbol, spec.exchange)
    const market = marketOf(spec.exchange)
    this.tPlusOne = market === 'CHINA_STOCKS'
    this.ordersExpire = market !== 'CRYPTO'
    this.scale = 10 ** decimalPlaces(spec.pricetick)
    this.setPreClose(Math.round(spec.preClose / spec.pricetick))
    this.anchor = Math.log(spec.preClose)
    this.logPrice = this.anchor
    this.lastTicks = this.preCloseTicks
    this.openInterest = spec.openInterest
    this.buildBook()
  }

  save(): MarketState {
    const { bidTicks, bidLots, askTicks, askLots } = this.book
    return {
      random: this.random.save(),
      tradingDay: this.tradingDay,
      dayEnds: this.dayEnds,
      preCloseTicks: this.preCloseTicks,
      datetime: this.datetime,
      logPrice: this.logPrice,
      lastTicks: this.lastTicks,
      openTicks: this.openTicks,
      highTicks: this.highTicks,
      lowTicks: this.lowTicks,
      lastLots: this.lastLots,
      volumeLots: this.volumeLots,
      turnover: this.turnover,
      openInterest: this.openInterest,
      book: { bidTicks: [...bidTicks], bidLots: [...bidLots], askTicks: [...askTicks], askLots: [...askLots] },
    }
  }

  restore(state: MarketState): void {
    this.random.restore(state.random)
    this.tradingDay = state.tradingDay
    this.dayEnds = state.dayEnds
    this.setPreClose(state.preCloseTicks)
    this.anchor = Math.log(this.price(state.preCloseTicks))
    this.datetime = state.datetime
    this.logPrice = state.logPrice
    this.lastTicks = state.lastTicks
    this.openTicks = state.openTicks
    this.highTicks = state.highTicks
    this.lowTicks = state.lowTicks
    this.lastLots = state.lastLots
    this.volumeLots = state.volumeLots
    this.turnover = state.turnover
    this.openInterest = state.openInterest
    for (const side of ['bidTicks', 'bidLots', 'askTicks', 'askLots'] as const)
      for (let i = 0; i < BOOK_LEVELS; i++) this.book[side][i] = state.book[side][i]
  }

  /**
   * Opens the next trading day: today's last price becomes the previous
   * close, the daily limits and the walk's anchor move with it, and the day's
   * open, high, low, volume and turnover start again (open interest carries).
   */
  openDay(tradingDay: string, dayEnds: number): void {
    this.tradingDay = tradingDay
    this.dayEnds = dayEnds
    this.setPreClose(this.lastTicks)
    this.anchor = Math.log(this.price(this.lastTicks))
    this.openTicks = this.highTicks = this.lowTicks = 0
    this.lastLots = this.volumeLots = this.turnover = 0
  }

  /** Price of a tick count, rounded to the tick's decimals so it prints as the exchange would. */
  price(ticks: number): number {
    return Math.round(ticks * this.spec.pricetick * this.scale) / this.scale
  }

  /** Volume of the last trade print. */
  get lastVolume(): number {
    return this.volume(this.lastLots)
  }

  /** Volume of a lot count. */
  volume(lots: number): number {
    return this.spec.minVolume === 1 ? lots : round(lots * this.spec.minVolume, 8)
  }

  /** Moves the market on by `dt` seconds, to exchange time `datetime`. */
  step(dt: number, datetime: number): void {
    const random = this.random
    const spec = this.spec
    this.datetime = datetime
    this.logPrice +=
      -MEAN_REVERSION * (this.logPrice - this.anchor) * dt + spec.volatility * Math.sqrt(dt) * random.normal()
    if (random.next() < JUMP_RATE * dt) this.logPrice += JUMP_SIZE * random.normal()

    let ticks = Math.round(Math.exp(this.logPrice) / spec.pricetick)
    if (ticks > this.limitUpTicks || ticks < this.limitDownTicks) {
      ticks = Math.min(this.limitUpTicks, Math.max(this.limitDownTicks, ticks))
      // Pinned at a limit: the walk restarts from there rather than hiding far beyond it.
      this.logPrice = Math.log(ticks * spec.pricetick)
    }
    this.lastTicks = ticks
    if (this.openTicks === 0) this.openTicks = this.highTicks = this.lowTicks = ticks
    if (ticks > this.highTicks) this.highTicks = ticks
    if (ticks < this.lowTicks) this.lowTicks = ticks

    this.lastLots = 1 + Math.floor(-Math.log(1 - random.next()) * spec.tradeLots)
    this.volumeLots += this.lastLots
    this.turnover += this.price(ticks) * this.volume(this.lastLots) * spec.size
    if (spec.openInterest > 0)
      this.openInterest = Math.max(0, this.openInterest + Math.round((random.next() - 0.5) * this.lastLots))
    this.buildBook()
  }

  /** The market as a tick, for `gatewayName`. Written out field by field: at stress rates this is the hot path. */
  toTick(gatewayName: string): Tick {
    const { spec } = this
    const { bidTicks, bidLots, askTicks, askLots } = this.book
    return {
      gatewayName,
      symbol: spec.symbol,
      exchange: spec.exchange,
      vtSymbol: this.vtSymbol,
      datetime: this.datetime,
      name: spec.name,
      lastPrice: this.price(this.lastTicks),
      lastVolume: this.volume(this.lastLots),
      volume: this.volume(this.volumeLots),
      turnover: round(this.turnover, 2),
      openInterest: this.openInterest,
      openPrice: this.price(this.openTicks),
      highPrice: this.price(this.highTicks),
      lowPrice: this.price(this.lowTicks),
      preClose: this.price(this.preCloseTicks),
      limitUp: Number.isFinite(this.limitUpTicks) ? this.price(this.limitUpTicks) : 0,
      limitDown: spec.limitRate > 0 ? this.price(this.limitDownTicks) : 0,
      bidPrice1: bidLots[0] > 0 ? this.price(bidTicks[0]) : 0,
      bidPrice2: bidLots[1] > 0 ? this.price(bidTicks[1]) : 0,
      bidPrice3: bidLots[2] > 0 ? this.price(bidTicks[2]) : 0,
      bidPrice4: bidLots[3] > 0 ? this.price(bidTicks[3]) : 0,
      bidPrice5: bidLots[4] > 0 ? this.price(bidTicks[4]) : 0,
      askPrice1: askLots[0] > 0 ? this.price(askTicks[0]) : 0,
      askPrice2: askLots[1] > 0 ? this.price(askTicks[1]) : 0,
      askPrice3: askLots[2] > 0 ? this.price(askTicks[2]) : 0,
      askPrice4: askLots[3] > 0 ? this.price(askTicks[3]) : 0,
      askPrice5: askLots[4] > 0 ? this.price(askTicks[4]) : 0,
      bidVolume1: this.volume(bidLots[0]),
      bidVolume2: this.volume(bidLots[1]),
      bidVolume3: this.volume(bidLots[2]),
      bidVolume4: this.volume(bidLots[3]),
      bidVolume5: this.volume(bidLots[4]),
      askVolume1: this.volume(askLots[0]),
      askVolume2: this.volume(askLots[1]),
      askVolume3: this.volume(askLots[2]),
      askVolume4: this.volume(askLots[3]),
      askVolume5: this.volume(askLots[4]),
    }
  }

  private setPreClose(ticks: number): void {
    const { limitRate } = this.spec
    this.preCloseTicks = ticks
    this.limitUpTicks = limitRate > 0 ? Math.floor(ticks * (1 + limitRate)) : Infinity
    this.limitDownTicks = limitRate > 0 ? Math.ceil(ticks * (1 - limitRate)) : 1
  }

  /** A one-tick spread around the last price, fresh volumes; no level beyond a limit (none ask at limit up). */
  private buildBook(): void {
    const { book, random } = this
    const depth = this.spec.depth
    const last = this.lastTicks
    let bid1 = random.next() < 0.5 ? last : last - 1
    if (last >= this.limitUpTicks) bid1 = last
    if (last <= this.limitDownTicks) bid1 = last - 1
    for (let i = 0; i < BOOK_LEVELS; i++) {
      const bid = bid1 - i
      const ask = bid1 + 1 + i
      book.bidTicks[i] = bid
      book.askTicks[i] = ask
      book.bidLots[i] = bid >= this.limitDownTicks ? 1 + Math.floor(random.next() * 2 * depth) : 0
      book.askLots[i] = ask <= this.limitUpTicks ? 1 + Math.floor(random.next() * 2 * depth) : 0
    }
  }
}

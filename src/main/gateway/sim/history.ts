import { BarGenerator } from '../../../shared/bar-generator'
import { INTERVAL_MINUTES, firstWindowFrom, type Interval } from '../../../shared/intervals'
import { MINUTE, decimalPlaces } from '../../../shared/numbers'
import { toVtSymbol, type Bar } from '../../../shared/objects'
import { tradingDayOf, tradingDayStart } from '../../../shared/trading-day'
import type { InstrumentSpec } from './instruments'
import type { MarketModel } from './market'
import { streamSeed } from './random'

/** The intervals the simulated exchange serves history in itself (as an exchange's kline service does). */
export const SIM_HISTORY_INTERVALS: readonly Interval[] = ['1m', '1h', '1d']

/** Most 1-minute bars one request answers, and how far back minutes reach: 31 days. */
export const MAX_HISTORY_BARS = 31 * 1440

/** Minutes of what the market really did that the tape keeps: a day. */
const TAPE_MINUTES = 1440
const DAY = 1440 * MINUTE

/**
 * The generated past moves as the live market does: minute to minute, a
 * fast wiggle pulled back as the live walk is (MarketModel: 1/1800 a
 * second, so 1/30 a minute), around a slow level that drifts a day's move
 * a day (four busy hours of the live market). The level is pulled gently
 * towards the price the past ends at, per minute and, before the minutes,
 * per day: a month wanders a few per cent, a year a few tens of per cent,
 * never off to nothing.
 */
const WIGGLE_REVERSION = 1 / 30
const LEVEL_REVERSION = 1 / (30 * 1440)
const DAY_REVERSION = 1 / 90
const SECONDS_PER_DAY_MOVE = 4 * 3600

/**
 * The simulated exchange's past, as a kline service would give it:
 *
 * - the minutes the market really traded while the desk ran (the tape: the
 *   last day of them), so history up to any minute joins the live bars a
 *   window built from ticks;
 * - before the tape, minutes generated backwards from where it starts, each
 *   minute's move drawn from the minute's own seeded number, so the same
 *   past comes back at every request and in every interval (a 5-minute bar
 *   is the five 1-minute bars it covers), the level shifting only as the
 *   tape moves on;
 * - before 31 days, daily bars of a daily walk ending where the minutes begin.
 */
export class SimHistory {
  private readonly tapes = new Map<string, MinuteTape>()

  constructor(private readonly gatewayName: string) {}

  /** The past each instrument was last asked for: asked again while its tape starts at the same minute, it is reused. */
  private readonly walks = new Map<string, PastWalk>()

  /** Records the market's last step on its tape; call after each step. */
  record(market: MarketModel): void {
    let tape = this.tapes.get(market.vtSymbol)
    if (tape === undefined) this.tapes.set(market.vtSymbol, (tape = new MinuteTape(market.spec, this.gatewayName)))
    tape.record(market.datetime, market.price(market.lastTicks), market.lastVolume)
  }

  /**
   * Bars of `interval` ('1m', '1h' or '1d') that open at or after `start` and
   * hold only minutes closed by `end` (the last may be partial: the minutes
   * of its window before `end`), oldest first. `now` is the exchange's time,
   * `lastPrice` its price, which the past ends at when the tape is empty.
   */
  bars(
    spec: InstrumentSpec,
    interval: Interval,
    range: { start: number; end: number },
    now: number,
    lastPrice: number,
    seed: number,
  ): Bar[] {
    const end = Math.floor(Math.min(range.end, now) / MINUTE) * MINUTE
    const tape = this.tapes.get(toVtSymbol(spec.symbol, spec.exchange))?.closed(now) ?? []
    const anchor =
      tape[0] === undefined ? { time: end, price: lastPrice } : { time: tape[0].datetime, price: tape[0].openPrice }
    const walk = this.walkTo(spec, seed, anchor)
    const minutes = INTERVAL_MINUTES[interval]
    if (minutes === 1) {
      const first = Math.max(Math.ceil(range.start / MINUTE) * MINUTE, end - MAX_HISTORY_BARS * MINUTE)
      const bars: Bar[] = []
      walk.minutes(first, end, (bar) => bars.push({ ...bar }))
      for (const bar of tape) if (bar.datetime >= first && bar.datetime < end) bars.push({ ...bar })
      return bars
    }
    const bars: Bar[] = minutes >= 1440 ? walk.days(range.start) : []
    const generator = new BarGenerator(
      () => undefined,
      minutes,
      (bar) => bars.push(bar),
    )
    // Whole windows only: one that begins before `start` is left out rather than cut.
    const from = Math.max(firstWindowFrom(spec, minutes, range.start), walk.minutesFrom)
    walk.minutes(from, end, (bar) => generator.updateBar(bar))
    for (const bar of tape) if (bar.datetime >= from && bar.datetime < end) generator.updateBar(bar)
    const partial = generator.currentWindowBar
    if (partial !== undefined) bars.push({ ...partial })
    return bars
  }

  private walkTo(spec: InstrumentSpec, seed: number, anchor: { time: number; price: number }): PastWalk {
    const stream = streamSeed(seed, `history:${spec.symbol}`)
    const vtSymbol = toVtSymbol(spec.symbol, spec.exchange)
    const kept = this.walks.get(vtSymbol)
    if (kept !== undefined && kept.endsAt(stream, anchor)) return kept
    const walk = new PastWalk(spec, this.gatewayName, stream, anchor)
    this.walks.set(vtSymbol, walk)
    return walk
  }
}

/** The minutes one instrument really traded, as 1-minute bars. */
class MinuteTape {
  private readonly bars: Bar[] = []
  private forming: Bar | undefined

  constructor(
    private readonly spec: InstrumentSpec,
    private readonly gatewayName: string,
  ) {}

  /** One trade print of the market at `datetime` (epoch ms). */
  record(datetime: number, price: number, volume: number): void {
    const minute = Math.floor(datetime / MINUTE) * MINUTE
    if (this.forming !== undefined && minute !== this.forming.datetime) this.close()
    const turnover = price * volume * this.spec.size
    const bar = this.forming
    if (bar === undefined) {
      this.forming = {
        symbol: this.spec.symbol,
        exchange: this.spec.exchange,
        vtSymbol: toVtSymbol(this.spec.symbol, this.spec.exchange),
        gatewayName: this.gatewayName,
        datetime: minute,
        interval: 1,
        openPrice: price,
        highPrice: price,
        lowPrice: price,
        closePrice: price,
        volume,
        turnover,
        openInterest: this.spec.openInterest,
      }
      return
    }
    bar.highPrice = Math.max(bar.highPrice, price)
    bar.lowPrice = Math.min(bar.lowPrice, price)
    bar.closePrice = price
    bar.volume += volume
    bar.turnover += turnover
  }

  /** The minutes closed by `now`, oldest first. */
  closed(now: number): readonly Bar[] {
    if (this.forming !== undefined && now >= this.forming.datetime + MINUTE) this.close()
    return this.bars
  }

  private close(): void {
    this.bars.push(this.forming!)
    this.forming = undefined
    if (this.bars.length > TAPE_MINUTES) this.bars.splice(0, this.bars.length - TAPE_MINUTES)
  }
}

/**
 * The generated past of one instrument, ending at `anchor` (a minute's open
 * price): a walk backwards that reverts gently towards the anchor's price.
 * Each minute's (and each old day's) move comes from its own index, not from
 * a running generator, so any stretch of the past is the same whenever it
 * is asked for.
 */
class PastWalk {
  /** The first minute walked: a trading day's start, at least MAX_HISTORY_BARS minutes before the anchor. */
  readonly minutesFrom: number
  private readonly snap: (price: number) => number
  private readonly anchorLog: number
  /** Log open of every minute from `minutesFrom` to the anchor. */
  private logOpens: Float64Array | undefined
  /** The same opens as prices on the tick grid, with the anchor's price last. */
  private priceOpens: Float64Array | undefined

  constructor(
    private readonly spec: InstrumentSpec,
    private readonly gatewayName: string,
    private readonly stream: number,
    private readonly anchor: { time: number; price: number },
  ) {
    this.minutesFrom = tradingDayStart(spec, anchor.time - MAX_HISTORY_BARS * MINUTE)
    // On the tick grid, printed as the exchange would (as MarketModel.price); toFixed would cost more than the walk.
    const tick = spec.pricetick
    const scale = 10 ** decimalPlaces(tick)
    this.snap = (price) => Math.round(Math.max(1, Math.round(price / tick)) * tick * scale) / scale
    this.anchorLog = Math.log(anchor.price)
  }

  /**
   * Calls `each` with every generated minute in [from, to) (before the
   * anchor, from `minutesFrom`), oldest first. The bar passed is reused:
   * copy what you keep.
   */
  minutes(from: number, to: number, each: (bar: Readonly<Bar>) => void): void {
    const prices = this.prices()
    const first = Math.max(Math.ceil(from / MINUTE) * MINUTE, this.minutesFrom)
    const last = Math.min(to, this.anchor.time)
    const { spec } = this
    const sigma = spec.volatility * Math.sqrt(60)
    const bar: Bar = this.blank(1)
    for (let time = first; time < last; time += MINUTE) {
      const i = (time - this.minutesFrom) / MINUTE
      const index = time / MINUTE
      const open = prices[i]
      const close = prices[i + 1]
      const wick = Math.abs(sigma * normalAt(this.stream, index, 1)) / 2
      bar.datetime = time
      bar.openPrice = open
      bar.closePrice = close
      bar.highPrice = this.snap(Math.max(open, close) * Math.exp(wick))
      bar.lowPrice = this.snap(Math.min(open, close) * Math.exp(-wick))
      bar.volume = Math.round(spec.tradeLots * 60 * (0.5 + unitAt(this.stream, index, 2))) * spec.minVolume
      bar.turnover = bar.volume * ((open + close) / 2) * spec.size
      each(bar)
    }
  }

  /** Daily bars of the trading days that begin at or after `from` and before `minutesFrom`, oldest first. */
  days(from: number): Bar[] {
    const { spec } = this
    const bars: Bar[] = []
    let close = this.opens()[0]
    for (let dayEnd = this.minutesFrom; ;) {
      const dayStart = tradingDayStart(spec, dayEnd - 1)
      if (dayStart < from) break
      // A Monday of Chinese futures holds the weekend the sim trades through: three days of moves and volume.
      const days = (dayEnd - dayStart) / DAY
      const sigma = spec.volatility * Math.sqrt(SECONDS_PER_DAY_MOVE * days)
      const datetime = Date.parse(tradingDayOf(spec, dayStart))
      const index = datetime / DAY
      const openLog = close - sigma * normalAt(this.stream, index, 3) + DAY_REVERSION * (this.anchorLog - close)
      const open = this.snap(Math.exp(openLog))
      const closePrice = this.snap(Math.exp(close))
      const wick = Math.abs(sigma * normalAt(this.stream, index, 4)) / 2
      const lots = spec.tradeLots * 60 * 1440 * days * (0.5 + unitAt(this.stream, index, 5))
      const volume = Math.round(lots) * spec.minVolume
      bars.push({
        ...this.blank(1440),
        datetime,
        openPrice: open,
        closePrice,
        highPrice: this.snap(Math.max(open, closePrice) * Math.exp(wick)),
        lowPrice: this.snap(Math.min(open, closePrice) * Math.exp(-wick)),
        volume,
        turnover: volume * ((open + closePrice) / 2) * spec.size,
      })
      close = openLog
      dayEnd = dayStart
    }
    return bars.reverse()
  }

  /** Whether this is the past of `stream` that ends at `anchor`. */
  endsAt(stream: number, anchor: { time: number; price: number }): boolean {
    return stream === this.stream && anchor.time === this.anchor.time && anchor.price === this.anchor.price
  }

  private prices(): Float64Array {
    if (this.priceOpens !== undefined) return this.priceOpens
    const opens = this.opens()
    const prices = new Float64Array(opens.length + 1)
    for (let i = 0; i < opens.length; i++) prices[i] = this.snap(Math.exp(opens[i]))
    prices[opens.length] = this.snap(this.anchor.price)
    return (this.priceOpens = prices)
  }

  /** The log open of each minute (the level plus the wiggle), walked backwards from the anchor once and kept. */
  private opens(): Float64Array {
    if (this.logOpens !== undefined) return this.logOpens
    const count = Math.max(0, (this.anchor.time - this.minutesFrom) / MINUTE)
    const opens = new Float64Array(count)
    const fast = this.spec.volatility * Math.sqrt(60)
    const slow = this.spec.volatility * Math.sqrt(SECONDS_PER_DAY_MOVE / 1440)
    let level = this.anchorLog
    let wiggle = 0
    for (let i = count - 1; i >= 0; i--) {
      const index = this.minutesFrom / MINUTE + i
      level = level - slow * normalAt(this.stream, index, 0) + LEVEL_REVERSION * (this.anchorLog - level)
      wiggle = wiggle * (1 - WIGGLE_REVERSION) - fast * normalAt(this.stream, index, 6)
      opens[i] = level + wiggle
    }
    return (this.logOpens = opens)
  }

  private blank(interval: number): Bar {
    const { spec } = this
    return {
      symbol: spec.symbol,
      exchange: spec.exchange,
      vtSymbol: toVtSymbol(spec.symbol, spec.exchange),
      gatewayName: this.gatewayName,
      datetime: 0,
      interval,
      openPrice: 0,
      highPrice: 0,
      lowPrice: 0,
      closePrice: 0,
      volume: 0,
      turnover: 0,
      openInterest: spec.openInterest,
    }
  }
}

/** A uniform number in [0, 1) fixed by a stream, an index (a minute, a day) and a salt (which draw of it). */
function unitAt(stream: number, index: number, salt: number): number {
  let h = Math.imul(stream ^ Math.imul(salt + 1, 0x9e3779b9), 0x85ebca6b) ^ Math.imul(index | 0, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296
}

/** A standard normal number fixed like `unitAt` (Box–Muller over two of its uniforms). */
function normalAt(stream: number, index: number, salt: number): number {
  const u = 1 - unitAt(stream, index, 2 * salt + 10)
  const v = unitAt(stream, index, 2 * salt + 11)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

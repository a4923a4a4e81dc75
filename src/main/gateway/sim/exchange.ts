import type { Account, Offset, Order, Position, Trade } from '../../../shared/objects'
import { hostMessage, rejection, type HostMessage } from '../../../shared/messages'
import { tradingDayEnd, tradingDayOf } from '../../../shared/trading-day'
import { isWorking, type ExchangeListener, type ExchangeRecorder, type StoredBooks, type WorkingOrder } from './books'
import type { Currency, InstrumentSpec } from './instruments'
import { Ledger, opposite } from './ledger'
import { MarketModel } from './market'
import { crossingLots, sweep, takeCrossing, type Fill } from './matching'
import { Random, streamSeed } from './random'

/**
 * The simulated exchange and broker behind `SimGateway`: markets, matching
 * and the books. It knows nothing of connections; it reports every order and
 * trade update to its listener, which decides what reaches the client.
 */
export class SimExchange {
  readonly markets: MarketModel[]
  readonly ledger: Ledger
  listener: ExchangeListener | undefined
  recorder: ExchangeRecorder | undefined
  private readonly marketByVtSymbol = new Map<string, MarketModel>()
  private readonly orders = new Map<string, WorkingOrder>()
  /** Resting limit orders and waiting stops per vtSymbol, in time priority. */
  private readonly resting = new Map<string, WorkingOrder[]>()
  private readonly trades: Trade[] = []
  private tradeCount = 0
  private arrivals = 0

  /** Opens with `capital` and markets fresh from `seed`, or as `stored` books left them (markets they lack start fresh). */
  constructor(
    instruments: readonly InstrumentSpec[],
    seed: number,
    capital: Record<Currency, number>,
    private readonly gatewayName: string,
    /** Epoch milliseconds, for trade times. */
    private readonly clock: () => number,
    stored?: StoredBooks,
  ) {
    this.markets = instruments.map(
      (spec) => new MarketModel(spec, new Random(streamSeed(seed, `${spec.symbol}.${spec.exchange}`))),
    )
    const now = clock()
    for (const market of this.markets) {
      this.marketByVtSymbol.set(market.vtSymbol, market)
      market.tradingDay = tradingDayOf(market.spec, now)
      market.dayEnds = tradingDayEnd(market.spec, now)
    }
    this.ledger = new Ledger(stored === undefined ? capital : {})
    if (stored !== undefined) this.restore(stored)
  }

  /** Trades booked since the exchange first opened: the last trade id. */
  get tradesBooked(): number {
    return this.tradeCount
  }

  market(vtSymbol: string): MarketModel | undefined {
    return this.marketByVtSymbol.get(vtSymbol)
  }

  /** Rolls every market whose trading day has ended by `time` (epoch ms); see `rollIfDue`. */
  rollDue(time: number): void {
    for (const market of this.markets) this.rollIfDue(market, time)
  }

  /**
   * Opens the market's next trading day if its day has ended by `time`
   * (epoch ms): call before each step. Today's positions become yesterday's,
   * orders that last a day expire (cancelled), the old day's finished orders
   * and trades are forgotten, and the market opens from its last price.
   */
  rollIfDue(market: MarketModel, time: number): void {
    if (time < market.dayEnds) return
    // Every working order rests (the others finish as they arrive).
    if (market.ordersExpire) {
      for (const working of this.resting.get(market.vtSymbol) ?? []) this.finish(working)
      this.resting.delete(market.vtSymbol)
    }
    for (const direction of ['LONG', 'SHORT'] as const) {
      const position = this.ledger.find(market, direction)
      if (position === undefined) continue
      position.ydLots = position.lots
      this.recorder?.position(position)
    }
    const tradingDay = tradingDayOf(market.spec, time)
    for (const [orderId, working] of this.orders)
      if (working.market === market && !isWorking(working) && working.tradingDay < tradingDay)
        this.orders.delete(orderId)
    const trades = this.trades.filter(
      (trade) => trade.vtSymbol !== market.vtSymbol || tradingDayOf(market.spec, trade.datetime) >= tradingDay,
    )
    this.trades.splice(0, this.trades.length, ...trades)
    market.openDay(tradingDay, tradingDayEnd(market.spec, time))
    this.recorder?.rolled(market)
  }

  /** Lets a market's resting orders and stops trade against its current book; call after each step. */
  match(market: MarketModel): void {
    const resting = this.resting.get(market.vtSymbol)
    if (resting !== undefined && resting.length > 0) this.matchResting(market, resting)
  }

  /** Takes a submitted order: rejects it with a reason, or accepts it and trades what it can at once. */
  insert(order: Order): void {
    const market = this.marketByVtSymbol.get(order.vtSymbol)
    if (market === undefined)
      return this.reject(order, hostMessage('sim.unknownInstrument', { vtSymbol: order.vtSymbol }))
    this.rollIfDue(market, order.datetime)
    const { spec } = market
    const lots = Math.round(order.volume / spec.minVolume)
    if (!(lots >= 1) || Math.abs(market.volume(lots) - order.volume) > 1e-9)
      return this.reject(order, hostMessage('sim.volumeOffStep', { volume: order.volume, minVolume: spec.minVolume }))
    if (order.direction === 'NET') return this.reject(order, hostMessage('sim.netDirection', {}))

    let priceTicks: number | undefined
    if (order.type !== 'MARKET') {
      priceTicks = Math.round(order.price / spec.pricetick)
      if (Math.abs(market.price(priceTicks) - order.price) > 1e-9)
        return this.reject(order, hostMessage('sim.priceOffTick', { price: order.price, pricetick: spec.pricetick }))
      if (priceTicks > market.limitUpTicks || priceTicks < market.limitDownTicks)
        return this.reject(order, hostMessage('sim.outsideLimits', { price: order.price }))
    }

    const offset: Offset =
      order.offset !== 'NONE' ? order.offset : order.direction === 'SHORT' && !spec.shortable ? 'CLOSE' : 'OPEN'
    let frozenPerLot = 0
    if (offset === 'OPEN') {
      if (order.direction === 'SHORT' && !spec.shortable)
        return this.reject(order, hostMessage('sim.cannotShort', { name: spec.name }))
      const fills = priceTicks === undefined ? sweep(market.book, order.direction, lots, undefined, true) : []
      const price = priceTicks !== undefined ? market.price(priceTicks) : averagePrice(market, fills)
      frozenPerLot = price * market.volume(1) * spec.size * (spec.marginRate + spec.commissionRate)
      const available = this.account(spec.currency).available
      if (frozenPerLot * lots > available + 1e-6)
        return this.reject(order, hostMessage('sim.insufficientFunds', { required: frozenPerLot * lots, available }))
    } else {
      const position = this.ledger.find(market, opposite(order.direction))
      const closable = position?.closable(offset) ?? 0
      const today = position === undefined ? 0 : position.lots - position.ydLots
      if (position !== undefined && lots > closable && market.tPlusOne && today > 0)
        return this.reject(
          order,
          hostMessage('sim.tPlusOne', {
            today: market.volume(today),
            closable: market.volume(closable),
            volume: order.volume,
          }),
        )
      if (position === undefined || lots > closable)
        return this.reject(
          order,
          hostMessage('sim.insufficientPosition', { closable: market.volume(closable), volume: order.volume }),
        )
      position.frozenLots += lots
    }

    const working: WorkingOrder = {
      order,
      market,
      seq: ++this.arrivals,
      tradingDay: tradingDayOf(spec, order.datetime),
      offset,
      lots,
      tradedLots: 0,
      priceTicks,
      frozenPerLot,
      triggered: false,
    }
    this.orders.set(order.orderId, working)
    order.status = 'NOTTRADED'
    this.report(working)
    if (offset !== 'OPEN') this.recorder?.position(this.ledger.position(market, opposite(order.direction)))

    switch (order.type) {
      case 'LIMIT':
        this.take(working, sweep(market.book, order.direction, lots, priceTicks))
        if (working.tradedLots < lots) this.restingOf(market).push(working)
        break
      case 'FOK':
        if (crossingLots(market.book, order.direction, priceTicks) >= lots)
          this.take(working, sweep(market.book, order.direction, lots, priceTicks))
        this.finish(working)
        break
      case 'FAK':
      case 'MARKET':
        this.take(working, sweep(market.book, order.direction, lots, priceTicks))
        this.finish(working)
        break
      case 'STOP':
        this.restingOf(market).push(working)
        break
    }
  }

  /** Cancels a working order; returns why it could not, if it could not. */
  cancel(orderId: string): HostMessage | undefined {
    const working = this.orders.get(orderId)
    if (working === undefined) return hostMessage('sim.unknownOrder', { orderId })
    if (!isWorking(working)) return hostMessage('sim.orderNotWorking', { orderId, status: working.order.status })
    const resting = this.resting.get(working.market.vtSymbol)
    if (resting !== undefined) resting.splice(resting.indexOf(working), 1)
    this.finish(working)
    return undefined
  }

  /** Whether the exchange has the order and it is done (filled, cancelled, rejected): a cancel of it came too late. */
  isFinished(orderId: string): boolean {
    const working = this.orders.get(orderId)
    return working !== undefined && !isWorking(working)
  }

  /** Every order of the day, as copies. */
  allOrders(): Order[] {
    return [...this.orders.values()].map((working) => ({ ...working.order }))
  }

  allTrades(): Trade[] {
    return this.trades.map((trade) => ({ ...trade }))
  }

  accounts(): Account[] {
    return this.ledger.currencies().map((currency) => this.account(currency))
  }

  positions(): Position[] {
    return this.ledger.allPositions().map((position) => position.toPosition(this.gatewayName))
  }

  private account(currency: Currency): Account {
    let frozen = 0
    for (const working of this.orders.values())
      if (working.frozenPerLot > 0 && isWorking(working) && working.market.spec.currency === currency)
        frozen += working.frozenPerLot * (working.lots - working.tradedLots)
    return this.ledger.account(currency, frozen, this.gatewayName)
  }

  private restingOf(market: MarketModel): WorkingOrder[] {
    let resting = this.resting.get(market.vtSymbol)
    if (resting === undefined) this.resting.set(market.vtSymbol, (resting = []))
    return resting
  }

  /**
   * A resting limit order fills at its own price (it is the maker) as far as
   * the new book crosses it; a stop triggers on the last price and then takes
   * the book like a market order. Time priority only: the book is synthetic,
   * so price priority among our own orders would buy no realism.
   */
  private matchResting(market: MarketModel, resting: WorkingOrder[]): void {
    const last = market.lastTicks
    let finished = false
    for (const working of resting) {
      const { order, priceTicks } = working
      const wanted = working.lots - working.tradedLots
      if (order.type === 'STOP') {
        const long = order.direction === 'LONG'
        if (!working.triggered && (long ? last >= priceTicks! : last <= priceTicks!)) working.triggered = true
        if (!working.triggered) continue
        this.take(working, sweep(market.book, order.direction, wanted))
        this.finish(working)
      } else {
        const lots = takeCrossing(market.book, order.direction, wanted, priceTicks!)
        if (lots > 0) this.take(working, [{ ticks: priceTicks!, lots }])
      }
      if (!isWorking(working)) finished = true
    }
    if (finished) this.resting.set(market.vtSymbol, resting.filter(isWorking))
  }

  /** Books fills for an order: its new state, then one trade per fill. */
  private take(working: WorkingOrder, fills: Fill[]): void {
    const { order, market } = working
    for (const fill of fills) {
      working.tradedLots += fill.lots
      if (working.offset !== 'OPEN') this.ledger.position(market, opposite(order.direction)).frozenLots -= fill.lots
      const price = market.price(fill.ticks)
      const volume = market.volume(fill.lots)
      const commission = this.ledger.fill(market, order.direction, working.offset, price, fill.lots)
      const side = working.offset === 'OPEN' ? order.direction : opposite(order.direction)
      this.recorder?.position(this.ledger.position(market, side))
      this.recorder?.funds(market.spec.currency, this.ledger.fundsOf(market.spec.currency))
      order.traded = market.volume(working.tradedLots)
      order.status = working.tradedLots === working.lots ? 'ALLTRADED' : 'PARTTRADED'
      this.report(working)
      const tradeId = String(++this.tradeCount)
      const trade: Trade = {
        gatewayName: this.gatewayName,
        symbol: order.symbol,
        exchange: order.exchange,
        vtSymbol: order.vtSymbol,
        orderId: order.orderId,
        vtOrderId: order.vtOrderId,
        tradeId,
        vtTradeId: `${this.gatewayName}.${tradeId}`,
        direction: order.direction,
        offset: working.offset,
        price,
        volume,
        datetime: this.clock(),
        reference: order.reference,
        commission,
      }
      this.trades.push(trade)
      this.recorder?.trade(trade, tradingDayOf(market.spec, trade.datetime))
      this.listener?.onTrade({ ...trade })
    }
  }

  /** Cancels what an immediate or cancelled order left untraded, releasing what it held. */
  private finish(working: WorkingOrder): void {
    if (!isWorking(working)) return
    const untraded = working.lots - working.tradedLots
    if (working.offset !== 'OPEN') {
      const position = this.ledger.position(working.market, opposite(working.order.direction))
      position.frozenLots -= untraded
      this.recorder?.position(position)
    }
    working.order.status = 'CANCELLED'
    this.report(working)
  }

  private reject(order: Order, reason: HostMessage): void {
    order.status = 'REJECTED'
    Object.assign(order, rejection(reason))
    this.listener?.onOrder({ ...order })
  }

  /** Every state of a tracked order goes to the recorder and the listener alike. */
  private report(working: WorkingOrder): void {
    this.recorder?.order(working)
    this.listener?.onOrder({ ...working.order })
  }

  /** Puts back stored books; ids and names take this gateway's name, in case it was renamed. */
  private restore(stored: StoredBooks): void {
    const name = this.gatewayName
    for (const [currency, funds] of stored.funds) this.ledger.restoreFunds(currency, funds)
    for (const { vtSymbol, direction, lots, ydLots, frozenLots, cost } of stored.positions) {
      const market = this.marketByVtSymbol.get(vtSymbol)
      if (market === undefined) continue
      Object.assign(this.ledger.position(market, direction), { lots, ydLots, frozenLots, cost })
    }
    for (const [vtSymbol, state] of stored.markets) this.marketByVtSymbol.get(vtSymbol)?.restore(state)
    for (const record of stored.orders) {
      const market = this.marketByVtSymbol.get(record.order.vtSymbol)
      if (market === undefined) continue
      const order: Order = { ...record.order, gatewayName: name, vtOrderId: `${name}.${record.order.orderId}` }
      const working: WorkingOrder = { ...record, order, market }
      this.orders.set(order.orderId, working)
      this.arrivals = Math.max(this.arrivals, working.seq)
      if (isWorking(working) && (order.type === 'LIMIT' || order.type === 'STOP')) this.restingOf(market).push(working)
    }
    for (const trade of stored.trades)
      this.trades.push({
        ...trade,
        gatewayName: name,
        vtOrderId: `${name}.${trade.orderId}`,
        vtTradeId: `${name}.${trade.tradeId}`,
      })
    this.tradeCount = stored.tradeCount
  }
}

function averagePrice(market: MarketModel, fills: Fill[]): number {
  let lots = 0
  let value = 0
  for (const fill of fills) {
    lots += fill.lots
    value += market.price(fill.ticks) * fill.lots
  }
  return lots > 0 ? value / lots : market.price(market.lastTicks)
}

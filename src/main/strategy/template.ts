import type { Bar, Direction, LogLevel, Offset, Order, Tick, Trade } from '../../shared/objects'
import type { ParameterSpec, StrategyValue } from '../../shared/strategy'

export type StrategyParams = Record<string, StrategyValue>
export type StrategyVariables = Record<string, StrategyValue>

/** What a strategy may ask of the engine that runs it. Every call is on behalf of one strategy. */
export interface StrategyContext {
  /** The ids of the orders sent (none when refused), as the strategy's `onOrder` and `onTrade` will carry them. */
  sendOrder(
    strategy: CtaTemplate,
    direction: Direction,
    offset: Offset,
    price: number,
    volume: number,
    stop: boolean,
  ): string[]
  cancelOrder(strategy: CtaTemplate, vtOrderId: string): void
  cancelAll(strategy: CtaTemplate): void
  writeLog(strategy: CtaTemplate, message: string, level: LogLevel): void
  putEvent(strategy: CtaTemplate): void
  syncData(strategy: CtaTemplate): void
  /** 1-minute bars of the last `days` days, oldest first, for warm-up. */
  loadBars(strategy: CtaTemplate, days: number): Promise<Bar[]>
  /** The instrument's price tick, to put prices on the grid. */
  getPricetick(strategy: CtaTemplate): number
}

/** The static side of a strategy class: what the Add form shows and the engine validates. */
export interface StrategyClass {
  new (context: StrategyContext, strategyName: string, vtSymbol: string, params: StrategyParams): CtaTemplate
  readonly className: string
  readonly description: string
  readonly parameters: ParameterSpec[]
  /** Variables shown in the UI (besides inited, trading and pos). */
  readonly variables: string[]
  /** Variables saved after each of its trades and on stop, restored on init (vnpy's `sync_data`); `pos` is always kept. */
  readonly persistent?: string[]
}

/**
 * The base of every strategy, in the spirit of vnpy's CtaTemplate. Subclasses
 * read `params`, keep their live state in `vars` (shown in the UI) and
 * override the callbacks they need. Orders go out only while trading; the
 * engine keeps `pos` from the strategy's own trades and sets it before
 * `onTrade` runs. Each instance runs in a worker thread of its own, with its
 * own copy of this class (see runner/).
 */
export abstract class CtaTemplate<
  P extends StrategyParams = StrategyParams,
  V extends StrategyVariables = StrategyVariables,
> {
  inited = false
  trading = false
  /** Net position from this strategy's own trades: positive long, negative short. */
  pos = 0
  abstract vars: V

  /** Parameter values, already checked against the class's `parameters` specs by the engine. */
  readonly params: P

  constructor(
    protected readonly context: StrategyContext,
    readonly strategyName: string,
    readonly vtSymbol: string,
    params: StrategyParams,
  ) {
    this.params = params as P
  }

  onInit(): void | Promise<void> {}
  onStart(): void {}
  onStop(): void {}
  onTick(_tick: Tick): void {}
  onBar(_bar: Bar): void {}
  onOrder(_order: Order): void {}
  onTrade(_trade: Trade): void {}
  /** Every timer event while inited (epoch ms): close bars on time, time out orders, … */
  onTimer(_now: number): void {}

  /** Open long. */
  buy(price: number, volume: number, stop = false): string[] {
    return this.context.sendOrder(this, 'LONG', 'OPEN', price, volume, stop)
  }

  /** Close long. */
  sell(price: number, volume: number, stop = false): string[] {
    return this.context.sendOrder(this, 'SHORT', 'CLOSE', price, volume, stop)
  }

  /** Open short. */
  short(price: number, volume: number, stop = false): string[] {
    return this.context.sendOrder(this, 'SHORT', 'OPEN', price, volume, stop)
  }

  /** Close short. */
  cover(price: number, volume: number, stop = false): string[] {
    return this.context.sendOrder(this, 'LONG', 'CLOSE', price, volume, stop)
  }

  cancelOrder(vtOrderId: string): void {
    this.context.cancelOrder(this, vtOrderId)
  }

  cancelAll(): void {
    this.context.cancelAll(this)
  }

  writeLog(message: string, level: LogLevel = 'INFO'): void {
    this.context.writeLog(this, message, level)
  }

  /** Pushes the current variables to the UI. */
  putEvent(): void {
    this.context.putEvent(this)
  }

  /** Saves `pos` and the persistent variables now (they are saved after every trade and on stop anyway). */
  syncData(): void {
    this.context.syncData(this)
  }

  /** Replays `days` of history through `onBar` (or `callback`) to warm indicators up. */
  async loadBars(days: number, callback: (bar: Bar) => void = (bar) => this.onBar(bar)): Promise<void> {
    const bars = await this.context.loadBars(this, days)
    for (const bar of bars) callback(bar)
  }

  pricetick(): number {
    return this.context.getPricetick(this)
  }

  /** Rounds a price to the instrument's tick. */
  roundPrice(price: number): number {
    const tick = this.pricetick()
    return tick > 0 ? Number((Math.round(price / tick) * tick).toFixed(10)) : price
  }
}

/** The context of an instance built only to check its parameters (its constructor's checks): it may do nothing. */
export const CHECK_ONLY_CONTEXT: StrategyContext = {
  sendOrder: () => [],
  cancelOrder: () => {},
  cancelAll: () => {},
  writeLog: () => {},
  putEvent: () => {},
  syncData: () => {},
  loadBars: async () => [],
  getPricetick: () => 0,
}

/**
 * A trading desk (real engine, trading core and simulated gateway) on a
 * manual clock, and a window stand-in that applies batches as the renderer
 * does and checks their sequence numbers.
 */
import { ManualScheduler } from '../../src/main/engine'
import type { ClientSession, SessionOptions } from '../../src/main/bridge'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { DeskSettings } from '../../src/main/settings'
import type { Settings } from '../../src/shared/settings'
import type { Batch, CommandChannel, CommandRequest, Result } from '../../src/shared/contract'
import type { Account, Log, Order, Position, Tick, Trade } from '../../src/shared/objects'

export interface Harness {
  scheduler: ManualScheduler
  desk: TradingDesk
  /** Lets the engine drain and queued flushes run, without moving the clock. */
  settle(): Promise<void>
  /** Moves the clock forward `ms` in steps, settling after each. */
  run(ms: number, stepMs?: number): Promise<void>
  close(): Promise<void>
}

export function createHarness(
  options: {
    session?: SessionOptions
    tickRate?: number
    /** Connect the sim at start: with a fixed test setting (default), not at all, or as the Connect dialog last did. */
    connect?: boolean | 'remembered'
    /** Settings fixed as if given on the command line. */
    settings?: Partial<Settings>
    /** The data folder (settings.json, the journal); none: in memory. */
    dataDir?: string
  } = {},
): Harness {
  const scheduler = new ManualScheduler()
  const desk = createTradingDesk({
    scheduler,
    settings: new DeskSettings({ dataDir: options.dataDir, flags: options.settings }),
    dataDir: options.dataDir,
    session: { scheduler, ...options.session },
    connectSim:
      options.connect === false || options.connect === 'remembered'
        ? options.connect === 'remembered'
        : { seed: 7, tickRate: options.tickRate ?? 10 },
  })
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 4; i++) {
      await desk.engine.idle()
      // Strategies run in worker threads: what they were sent is handled, and what they sent back is put.
      await desk.strategies?.settled()
      await turn()
    }
  }
  return {
    scheduler,
    desk,
    settle,
    async run(ms, stepMs = 4) {
      for (let t = 0; t < ms; t += stepMs) {
        scheduler.advance(Math.min(stepMs, ms - t))
        await settle()
      }
    },
    close: () => desk.close(),
  }
}

/** What a window holds, rebuilt from batches alone. */
export interface WindowModel {
  ticks: Map<string, Tick>
  orders: Map<string, Order>
  trades: Map<string, Trade>
  positions: Map<string, Position>
  accounts: Map<string, Account>
  logs: Log[]
}

/** A window: applies batches in order, counts gaps and duplicates, acknowledges when told to. */
export class TestWindow {
  readonly batches: Batch[] = []
  /** When each batch arrived, by the harness clock. */
  readonly arrivals: number[] = []
  readonly session: ClientSession
  model: WindowModel = emptyModel()
  gaps = 0
  duplicateTrades = 0
  autoAck: boolean
  private readonly now: () => number

  constructor(
    private readonly desk: TradingDesk,
    { autoAck = true, now = () => 0 }: { autoAck?: boolean; now?: () => number } = {},
  ) {
    this.now = now
    this.autoAck = autoAck
    this.session = desk.bridge.open((batch) => this.receive(batch))
  }

  invoke<C extends CommandChannel>(channel: C, request: CommandRequest<C>): Promise<Result<unknown>> {
    return this.desk.bridge.handle(this.session, channel, request)
  }

  /** Acknowledges everything received so far, as the renderer does after applying it. */
  ack(): Promise<Result<unknown>> {
    return this.invoke('session:ack', { seq: this.batches.at(-1)?.seq ?? 0 })
  }

  private receive(batch: Batch): void {
    // The sink gets the object itself; a real transport copies it, so copy here too.
    const copy = structuredClone(batch)
    const last = this.batches.at(-1)?.seq ?? 0
    if (copy.seq !== last + 1) this.gaps++
    this.batches.push(copy)
    this.arrivals.push(this.now())
    this.apply(copy)
    if (this.autoAck) void this.invoke('session:ack', { seq: copy.seq })
  }

  private apply(batch: Batch): void {
    const m = this.model
    if (batch.snapshot !== undefined) {
      const s = batch.snapshot
      this.model = {
        ticks: new Map(s.ticks.map((t) => [t.vtSymbol, t])),
        orders: new Map(s.orders.map((o) => [o.vtOrderId, o])),
        trades: new Map(s.trades.map((t) => [t.vtTradeId, t])),
        positions: new Map(s.positions.map((p) => [p.vtPositionId, p])),
        accounts: new Map(s.accounts.map((a) => [a.vtAccountId, a])),
        logs: [...s.logs],
      }
    }
    const model = batch.snapshot !== undefined ? this.model : m
    for (const order of batch.items.order ?? []) model.orders.set(order.vtOrderId, order)
    for (const trade of batch.items.trade ?? []) {
      if (model.trades.has(trade.vtTradeId)) this.duplicateTrades++
      model.trades.set(trade.vtTradeId, trade)
    }
    for (const log of batch.items.log ?? []) model.logs.push(log)
    for (const tick of batch.items.tick ?? []) model.ticks.set(tick.vtSymbol, tick)
    for (const position of batch.items.position ?? []) model.positions.set(position.vtPositionId, position)
    for (const account of batch.items.account ?? []) model.accounts.set(account.vtAccountId, account)
  }
}

function emptyModel(): WindowModel {
  return { ticks: new Map(), orders: new Map(), trades: new Map(), positions: new Map(), accounts: new Map(), logs: [] }
}

/** The core's state in the window's shape, to compare with what the window rebuilt. */
export function coreModel(desk: TradingDesk): Omit<WindowModel, 'logs'> & { logs: Log[] } {
  const core = desk.core
  return {
    ticks: new Map(core.getAllTicks().map((t) => [t.vtSymbol, t])),
    orders: new Map(core.getAllOrders().map((o) => [o.vtOrderId, o])),
    trades: new Map(core.getAllTrades().map((t) => [t.vtTradeId, t])),
    positions: new Map(core.getAllPositions().map((p) => [p.vtPositionId, p])),
    accounts: new Map(core.getAllAccounts().map((a) => [a.vtAccountId, a])),
    logs: core.getAllLogs(),
  }
}

/** A limit order that crosses the book now, so it fills (fully or in part). */
export function crossingOrder(desk: TradingDesk, vtSymbol: string, direction: 'LONG' | 'SHORT' = 'LONG') {
  const tick = desk.core.getTick(vtSymbol)
  if (tick === undefined) throw new Error(`no tick for ${vtSymbol} yet`)
  return {
    vtSymbol,
    direction,
    offset: 'OPEN' as const,
    type: 'LIMIT' as const,
    price: direction === 'LONG' ? tick.askPrice1 : tick.bidPrice1,
    volume: 1,
  }
}

/** A limit buy well below the market, so it stays working (something for a quit to cancel). */
export function restingBuy(desk: TradingDesk, vtSymbol: string) {
  const tick = desk.core.getTick(vtSymbol)
  if (tick === undefined) throw new Error(`no tick for ${vtSymbol} yet`)
  return {
    vtSymbol,
    direction: 'LONG' as const,
    offset: 'OPEN' as const,
    type: 'LIMIT' as const,
    price: tick.bidPrice1 - 50,
    volume: 1,
  }
}

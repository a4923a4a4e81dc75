import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ManualScheduler } from '../../src/main/engine'
import { createTradingDesk, type TradingDesk, type TradingDeskOptions } from '../../src/main/hosts/trading-desk'
import {
  createOrderData,
  type Log,
  type Order,
  type OrderRequest,
  type Status,
  type Tick,
  type Trade,
} from '../../src/shared/objects'

/** The access token of the desk that desk-process.ts runs. */
export const DESK_TOKEN = 'kill-test-token-0123456789'

/** A fresh folder under the system's temporary directory (never the user's home). */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'eventdesk-journal-'))
}

/** 2026-11-26 09:30 in Shanghai. */
export const T0 = Date.UTC(2026, 10, 26, 1, 30)

export function order(n: number, status: Status = 'NOTTRADED', patch: Partial<Order> = {}): Order {
  const base = createOrderData(
    {
      symbol: 'IF2612',
      exchange: 'CFFEX',
      direction: 'LONG',
      offset: 'OPEN',
      type: 'LIMIT',
      price: 4000 + n,
      volume: 2,
    },
    String(n),
    'SIM',
    status,
    T0 + n * 1000,
  )
  return { ...base, traded: status === 'ALLTRADED' ? 2 : 0, ...patch }
}

export function trade(n: number, patch: Partial<Trade> = {}): Trade {
  return {
    gatewayName: 'SIM',
    symbol: 'IF2612',
    exchange: 'CFFEX',
    vtSymbol: 'IF2612.CFFEX',
    orderId: String(n),
    vtOrderId: `SIM.${n}`,
    tradeId: `T${n}`,
    vtTradeId: `SIM.T${n}`,
    direction: 'LONG',
    offset: 'OPEN',
    price: 4000 + n,
    volume: 2,
    datetime: T0 + n * 1000 + 500,
    reference: 'manual',
    commission: 1.2,
    ...patch,
  }
}

export function log(n: number, patch: Partial<Log> = {}): Log {
  return { time: T0 + n * 1000, level: 'INFO', source: 'trader', message: `line ${n}`, ...patch }
}

/** A desk on a manual clock with the simulated exchange connected (seed 7), as the journal tests drive it. */
export interface ManualDesk {
  desk: TradingDesk
  scheduler: ManualScheduler
  /** Lets the engine drain and queued flushes run, without moving the clock. */
  settle(): Promise<void>
  /** Moves the clock on by `ms` in 50 ms steps, settling after each. */
  run(ms: number): Promise<void>
  /** Sends a one-lot limit order for rb2701 at a price taken from its touch; returns its vtOrderId. */
  order(price: (tick: Tick) => number, direction?: 'LONG' | 'SHORT'): string
}

/** Opens a desk on `dataDir` (none: ephemeral); `subscribe` waits for rb2701's first ticks. */
export async function openManualDesk(
  dataDir: string | undefined,
  options: TradingDeskOptions = {},
  subscribe = true,
): Promise<ManualDesk> {
  const scheduler = new ManualScheduler()
  const desk = createTradingDesk({
    dataDir,
    scheduler,
    session: { scheduler },
    connectSim: { seed: 7, tickRate: 10, pollEvery: 1 },
    ...options,
  })
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      await desk.engine.idle()
      // Strategies run in worker threads: what they were sent is handled, and what they sent back is put.
      await desk.strategies?.settled()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  const run = async (ms: number): Promise<void> => {
    for (let t = 0; t < ms; t += 50) {
      scheduler.advance(50)
      await settle()
    }
  }
  const order = (price: (tick: Tick) => number, direction: 'LONG' | 'SHORT' = 'LONG'): string => {
    const req: OrderRequest = {
      ...RB,
      direction,
      offset: direction === 'LONG' ? 'OPEN' : 'CLOSE',
      type: 'LIMIT',
      price: price(desk.core.getTick('rb2701.SHFE')!),
      volume: 1,
    }
    return desk.core.sendOrder(req, 'SIM')
  }
  await settle()
  if (subscribe) {
    await run(100)
    desk.core.subscribe(RB, 'SIM')
    await run(500)
  }
  return { desk, scheduler, settle, run, order }
}

const RB = { symbol: 'rb2701', exchange: 'SHFE' } as const

/** Crosses the book by five ticks, so it fills at once. */
export const crossing =
  (direction: 'LONG' | 'SHORT' = 'LONG') =>
  (tick: Tick) =>
    direction === 'LONG' ? tick.askPrice1 + 5 : tick.bidPrice1 - 5

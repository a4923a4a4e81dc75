/** A desk closed and opened again on the same data folder finds its day as it left it. */
import { describe, expect, it } from 'vitest'
import { ManualScheduler } from '../../src/main/engine'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import type { Batch } from '../../src/shared/contract'
import type { OrderRequest } from '../../src/shared/objects'
import { tempDataDir } from './helpers'

const RB = { symbol: 'rb2701', exchange: 'SHFE' } as const

async function openDesk(dataDir: string) {
  const scheduler = new ManualScheduler()
  const desk = createTradingDesk({
    dataDir,
    scheduler,
    session: { scheduler },
    connectSim: { seed: 7, tickRate: 10, pollEvery: 1 },
  })
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 4; i++) {
      await desk.engine.idle()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  const run = async (ms: number): Promise<void> => {
    for (let t = 0; t < ms; t += 50) {
      scheduler.advance(50)
      await settle()
    }
  }
  await settle()
  return { desk, run, settle }
}

function crossing(desk: TradingDesk, direction: 'LONG' | 'SHORT'): OrderRequest {
  const tick = desk.core.getTick('rb2701.SHFE')!
  return {
    ...RB,
    direction,
    offset: direction === 'LONG' ? 'OPEN' : 'CLOSE',
    type: 'LIMIT',
    price: direction === 'LONG' ? tick.askPrice1 + 5 : tick.bidPrice1 - 5,
    volume: 1,
  }
}

describe('a restart', () => {
  it("restores the day's orders, trades and logs into the monitors and numbers rejections on", async () => {
    const dataDir = tempDataDir()
    const first = await openDesk(dataDir)
    first.desk.core.subscribe(RB, 'SIM')
    await first.run(1000)
    first.desk.core.sendOrder(crossing(first.desk, 'LONG'), 'SIM')
    await first.run(2000) // the position comes with the next poll; only then can it be closed
    first.desk.core.sendOrder(crossing(first.desk, 'SHORT'), 'SIM')
    const far = first.desk.core.getTick('rb2701.SHFE')!.bidPrice1 - 50
    const resting = first.desk.core.sendOrder({ ...crossing(first.desk, 'LONG'), price: far }, 'SIM')
    // Off the price tick: the risk check rejects it.
    const rejected = first.desk.core.sendOrder({ ...crossing(first.desk, 'LONG'), price: far + 0.5 }, 'SIM')
    await first.run(1000)
    expect(rejected).toBe('SIM.R1')
    const orders = first.desk.core.getAllOrders()
    const trades = first.desk.core.getAllTrades()
    const logs = first.desk.core.getAllLogs()
    expect(trades.length).toBeGreaterThanOrEqual(2)
    // Left at the exchange, as a trader who quits with a resting order asked for.
    first.desk.core.writeLog('the last line before closing')
    await first.desk.close()

    const second = await openDesk(dataDir)
    const { core } = second.desk
    expect(core.getAllOrders()).toEqual(expect.arrayContaining(orders.filter((o) => o.vtOrderId !== resting)))
    expect(core.getOrder(resting)?.status).toMatch(/NOTTRADED|CANCELLED/)
    expect(core.getAllTrades()).toEqual(trades)
    expect(core.getAllLogs().slice(0, logs.length)).toEqual(logs)
    expect(core.getAllLogs().some((l) => l.message === 'the last line before closing')).toBe(true)
    expect(core.getAllLogs().some((l) => l.source === 'journal' && l.message.startsWith('Restored'))).toBe(true)

    // What a window opened now draws from.
    const batches: Batch[] = []
    const session = second.desk.bridge.open((batch) => batches.push(batch))
    await second.desk.bridge.handle(session, 'session:subscribe', { kinds: ['order', 'trade', 'log'] })
    await second.settle()
    const snapshot = batches[0].snapshot!
    expect(snapshot.trades).toEqual(trades)
    expect(snapshot.orders.map((o) => o.vtOrderId)).toEqual(expect.arrayContaining(orders.map((o) => o.vtOrderId)))

    second.desk.core.subscribe(RB, 'SIM')
    await second.run(500)
    const offTick = { ...crossing(second.desk, 'LONG'), price: far + 0.5 }
    expect(second.desk.core.sendOrder(offTick, 'SIM')).toBe('SIM.R2')
    await second.desk.close()
  })
})

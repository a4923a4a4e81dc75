import { describe, expect, it } from 'vitest'
import { EVENT_TICK } from '../../src/shared/events'
import type { Tick } from '../../src/shared/objects'
import { orderRequest, poll, restartable, type Session } from './harness'

const RB = 'rb2701.SHFE'
const MOUTAI = '600519.SSE'
const BTC = 'BTCUSDT.BINANCE'

/** Epoch ms of a wall-clock time in China (UTC+8) in November 2026; the 26th is a Thursday. */
function china(day: number, hour: number, minute = 0): number {
  return Date.UTC(2026, 10, day, hour - 8, minute)
}

const { open, databasePath } = restartable()

async function send(session: Session, ...args: Parameters<typeof orderRequest>): Promise<string> {
  const id = session.main.sendOrder(orderRequest(...args), 'SIM')
  await session.engine.idle()
  return id
}

function ticksOf(session: Session, vtSymbol: string): Tick[] {
  const ticks: Tick[] = []
  session.engine.register(EVENT_TICK, (event) => void (event.data!.vtSymbol === vtSymbol && ticks.push(event.data!)))
  return ticks
}

describe('the trading day roll', () => {
  it("makes futures positions yesterday's at 17:00 China time, expires the day's orders and opens from the last price", async () => {
    const s = await open({ start: china(26, 16, 59), subscribe: [RB, BTC] })
    const ticks = ticksOf(s, RB)
    await s.run(1000)
    const rb = s.main.getTick(RB)!
    const bought = await send(s, RB, 'LONG', 'OPEN', rb.askPrice5, 3)
    expect(s.main.getOrder(bought)!.status).toBe('ALLTRADED')
    const resting = await send(s, RB, 'LONG', 'OPEN', rb.bidPrice1 - 50, 1)
    const btcBid = s.main.getTick(BTC)!.bidPrice1
    const btcResting = await send(s, BTC, 'LONG', 'NONE', Math.round(btcBid * 90) / 100, 0.01)
    const early = await send(s, RB, 'SHORT', 'CLOSEYESTERDAY', rb.bidPrice5, 1)
    expect(s.main.getOrder(early)!.rejectReason).toBe('insufficient position: 0 can be closed, 1 asked')
    await poll(s)
    expect(s.main.getPosition(`SIM.${RB}.LONG`)).toMatchObject({ volume: 3, ydVolume: 0 })

    await s.run(60_000)
    await poll(s)
    expect(s.main.getPosition(`SIM.${RB}.LONG`)).toMatchObject({ volume: 3, ydVolume: 3 })
    expect(s.main.getOrder(resting)!.status).toBe('CANCELLED')
    // Crypto orders stand until cancelled; its day rolls at 00:00 UTC anyway.
    expect(s.main.getOrder(btcResting)!.status).toBe('NOTTRADED')
    // The exchange's day starts empty: a new login is not sent yesterday's orders and trades.
    expect(s.sim.exchangeOrders().map((order) => order.vtOrderId)).toEqual([btcResting])
    expect(s.sim.exchangeTrades()).toEqual([])

    const roll = china(26, 17)
    const lastOfDay = ticks.findLast((tick) => tick.datetime < roll)!
    const firstOfDay = ticks.find((tick) => tick.datetime >= roll)!
    expect(firstOfDay.preClose).toBe(lastOfDay.lastPrice)
    // rb's limits are ±5 % of the previous close, on the tick grid.
    expect(firstOfDay.limitUp).toBe(Math.floor(lastOfDay.lastPrice * 1.05))
    expect(firstOfDay.limitDown).toBe(Math.ceil(lastOfDay.lastPrice * 0.95))
    expect(firstOfDay.openPrice).toBe(firstOfDay.lastPrice)
    expect(firstOfDay.volume).toBe(firstOfDay.lastVolume)
    expect(lastOfDay.volume).toBeGreaterThan(firstOfDay.volume)

    const closed = await send(s, RB, 'SHORT', 'CLOSEYESTERDAY', s.main.getTick(RB)!.bidPrice5, 1)
    expect(s.main.getOrder(closed)!.status).toBe('ALLTRADED')
  })

  it('lets A-shares bought today be sold from the next trading day only (T+1)', async () => {
    const s = await open({ start: china(26, 23, 59), subscribe: [MOUTAI, BTC] })
    await s.run(1000)
    const bought = await send(s, MOUTAI, 'LONG', 'NONE', s.main.getTick(MOUTAI)!.askPrice5, 200)
    expect(s.main.getOrder(bought)!.status).toBe('ALLTRADED')
    const sell = await send(s, MOUTAI, 'SHORT', 'NONE', s.main.getTick(MOUTAI)!.bidPrice5, 100)
    expect(s.main.getOrder(sell)).toMatchObject({
      status: 'REJECTED',
      rejectReason: 'T+1: 200 bought today can be sold from the next trading day; 0 can be sold now, 100 asked',
    })
    // Spot crypto is T+0.
    const btc = await send(s, BTC, 'LONG', 'NONE', s.main.getTick(BTC)!.askPrice5, 0.01)
    expect(s.main.getOrder(btc)!.status).toBe('ALLTRADED')
    const btcSell = await send(s, BTC, 'SHORT', 'NONE', s.main.getTick(BTC)!.bidPrice5, 0.01)
    expect(s.main.getOrder(btcSell)!.status).toBe('ALLTRADED')

    // Midnight in China: the shares bought yesterday can be sold, and what is bought today cannot.
    await s.run(60_000)
    const sold = await send(s, MOUTAI, 'SHORT', 'NONE', s.main.getTick(MOUTAI)!.bidPrice5, 100)
    expect(s.main.getOrder(sold)!.status).toBe('ALLTRADED')
    await send(s, MOUTAI, 'LONG', 'NONE', s.main.getTick(MOUTAI)!.askPrice5, 100)
    await poll(s)
    expect(s.main.getPosition(`SIM.${MOUTAI}.LONG`)).toMatchObject({ volume: 200, ydVolume: 100 })
    const tooMany = await send(s, MOUTAI, 'SHORT', 'NONE', s.main.getTick(MOUTAI)!.bidPrice5, 200)
    expect(s.main.getOrder(tooMany)!.rejectReason).toBe(
      'T+1: 100 bought today can be sold from the next trading day; 100 can be sold now, 200 asked',
    )
  })

  it('rolls on reconnect when a day passed while the desk was down, and the database forgets the old day', async () => {
    const path = databasePath()
    const first = await open({ start: china(26, 14), subscribe: [RB], sim: { databasePath: path } })
    await first.run(1000)
    await send(first, RB, 'LONG', 'OPEN', first.main.getTick(RB)!.askPrice5, 2)
    await send(first, RB, 'LONG', 'OPEN', first.main.getTick(RB)!.bidPrice1 - 50, 1)
    await first.run(1000)
    const lastPrice = first.main.getTick(RB)!.lastPrice
    first.main.disconnect('SIM')

    const next = async (): Promise<Session> => {
      const session = await open({ start: china(27, 10), subscribe: [RB], sim: { databasePath: path } })
      await session.run(500)
      await poll(session)
      return session
    }
    const second = await next()
    expect(second.main.getPosition(`SIM.${RB}.LONG`)).toMatchObject({ volume: 2, ydVolume: 2 })
    expect(second.sim.exchangeOrders()).toEqual([])
    expect(second.sim.exchangeTrades()).toEqual([])
    // The login after the roll does not replay yesterday's trades as if they were today's.
    expect(second.main.getAllTrades()).toEqual([])
    expect(second.main.getTick(RB)!.preClose).toBe(lastPrice)
    expect(second.main.getAccount('SIM.CNY')!.frozen).toBe(0)
    second.main.disconnect('SIM')

    const third = await next()
    expect(third.sim.exchangeOrders()).toEqual([])
    expect(third.main.getPosition(`SIM.${RB}.LONG`)).toMatchObject({ volume: 2, ydVolume: 2 })
    expect(third.main.getTick(RB)!.preClose).toBe(lastPrice)
  })
})

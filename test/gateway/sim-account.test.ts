import { describe, expect, it } from 'vitest'
import {
  EVENT_ACCOUNT,
  EVENT_GATEWAY,
  EVENT_ORDER,
  EVENT_POSITION,
  EVENT_TICK,
  EVENT_TRADE,
} from '../../src/shared/events'
import type { GatewayStatus, Trade } from '../../src/shared/objects'
import { orderRequest, startSession, type Session } from './harness'

const RB = 'rb2701.SHFE'
const IF = 'IF2612.CFFEX'

/** Sends an order that crosses the touch and waits for it to be dispatched; returns its trades. */
async function trade(
  session: Session,
  direction: 'LONG' | 'SHORT',
  offset: 'OPEN' | 'CLOSE',
  volume: number,
): Promise<Trade[]> {
  const tick = session.main.getTick(RB)!
  const price = direction === 'LONG' ? tick.askPrice5 : tick.bidPrice5
  const id = session.main.sendOrder(orderRequest(RB, direction, offset, price, volume), 'SIM')
  await session.engine.idle()
  expect(session.main.getOrder(id)!.status).toBe('ALLTRADED')
  return session.main.getAllTrades().filter((t) => t.vtOrderId === id)
}

function value(trades: Trade[]): number {
  return trades.reduce((sum, t) => sum + t.price * t.volume, 0)
}

describe('SimGateway positions and account', () => {
  it('books a sequence of fills exactly as hand arithmetic does', async () => {
    const session = await startSession({ subscribe: [RB] })
    const { main, sim, run } = session
    await run(1000)
    const buy1 = await trade(session, 'LONG', 'OPEN', 4)
    await run(3000)
    const buy2 = await trade(session, 'LONG', 'OPEN', 2)
    await run(3000)
    const sell = await trade(session, 'SHORT', 'CLOSE', 3)
    await run(2000)
    const short = await trade(session, 'SHORT', 'OPEN', 1)
    sim.queryAccount()
    sim.queryPosition()
    await session.engine.idle()

    // rb2701: size 10, margin 7 %, commission 0.01 % of turnover, capital 5,000,000.
    const size = 10
    const avgLong = (value(buy1) + value(buy2)) / 6
    const closePnl = (value(sell) - avgLong * 3) * size
    const shortPrice = value(short) / 1
    const last = main.getTick(RB)!.lastPrice
    const longPnl = (last - avgLong) * 3 * size
    const shortPnl = (shortPrice - last) * 1 * size
    const commission = (value(buy1) + value(buy2) + value(sell) + value(short)) * size * 0.0001
    const margin = avgLong * 3 * size * 0.07 + shortPrice * 1 * size * 0.07
    const balance = 5_000_000 + closePnl + longPnl + shortPnl - commission

    expect(main.getPosition('SIM.rb2701.SHFE.LONG')).toMatchObject({ volume: 3, ydVolume: 0, frozen: 0 })
    expect(main.getPosition('SIM.rb2701.SHFE.LONG')!.price).toBeCloseTo(avgLong, 9)
    expect(main.getPosition('SIM.rb2701.SHFE.LONG')!.pnl).toBeCloseTo(longPnl, 6)
    expect(main.getPosition('SIM.rb2701.SHFE.SHORT')).toMatchObject({ volume: 1, price: shortPrice })
    expect(main.getPosition('SIM.rb2701.SHFE.SHORT')!.pnl).toBeCloseTo(shortPnl, 6)
    const account = main.getAccount('SIM.CNY')!
    expect(account.commission).toBeCloseTo(commission, 6)
    expect(account.closePnl).toBeCloseTo(closePnl, 6)
    expect(account.positionPnl).toBeCloseTo(longPnl + shortPnl, 6)
    expect(account.margin).toBeCloseTo(margin, 6)
    expect(account.balance).toBeCloseTo(balance, 6)
    expect(account.frozen).toBe(0)
    expect(account.available).toBeCloseTo(balance - margin, 6)
    expect(main.getAccount('SIM.USDT')).toMatchObject({ balance: 100_000, available: 100_000 })

    // A working close holds back position volume; a working open holds back funds.
    const tick = main.getTick(RB)!
    main.sendOrder(orderRequest(RB, 'SHORT', 'CLOSE', tick.askPrice5 + 20, 2), 'SIM')
    main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', tick.bidPrice5 - 20, 5), 'SIM')
    sim.queryAccount()
    sim.queryPosition()
    await session.engine.idle()
    expect(main.getPosition('SIM.rb2701.SHFE.LONG')).toMatchObject({ volume: 3, frozen: 2 })
    const frozen = (tick.bidPrice5 - 20) * 5 * size * (0.07 + 0.0001)
    expect(main.getAccount('SIM.CNY')!.frozen).toBeCloseTo(frozen, 6)
    await main.close()
  })

  it('emits account and positions on timer polls only, alternating every second timer event', async () => {
    const session = await startSession({ subscribe: [RB] })
    const { engine, scheduler, run } = session
    await run(500)
    await trade(session, 'LONG', 'OPEN', 1)
    const accounts: number[] = []
    const positions: number[] = []
    let ticks = 0
    engine.register(EVENT_ACCOUNT, () => accounts.push(scheduler.now()))
    engine.register(EVENT_POSITION, () => positions.push(scheduler.now()))
    engine.register(EVENT_TICK, () => ticks++)
    await run(10_000)
    // Timer events come every second; the 2nd, 4th, 6th … query account and positions in turn. Two accounts (CNY, USDT).
    expect(accounts).toEqual([2000, 2000, 6000, 6000, 10_000, 10_000])
    expect(positions).toEqual([4000, 8000])
    expect(ticks).toBe(20)
    await session.main.close()
  })

  it('loses nothing over a disconnect: the exchange keeps trading and replays on reconnect', async () => {
    const session = await startSession({ subscribe: [IF] })
    const { engine, main, sim, run } = session
    await run(1000)
    const tick = main.getTick(IF)!
    const near = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.bidPrice1, 1), 'SIM')
    const far = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.bidPrice1 - 40, 1), 'SIM')
    await engine.idle()
    const statuses: GatewayStatus[] = []
    let pushed = 0
    engine.register(EVENT_GATEWAY, (event) => statuses.push(event.data!))
    for (const type of [EVENT_TICK, EVENT_ORDER, EVENT_TRADE, EVENT_ACCOUNT, EVENT_POSITION])
      engine.register(type, () => pushed++)

    sim.dropConnection(30_000)
    await engine.idle()
    expect(statuses.map((s) => s.state)).toEqual(['reconnecting'])
    expect(main.getAllLogs().at(-1)).toMatchObject({
      level: 'WARNING',
      message: 'connection lost; reconnecting in 30 s',
      code: 'gateway.connectionLost',
      params: { seconds: 30 },
    })
    const refused = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.bidPrice1, 1), 'SIM')
    await run(29_000)
    expect(main.getOrder(refused)).toMatchObject({
      status: 'REJECTED',
      rejectReason: 'not connected',
      rejectCode: 'gateway.notConnected',
    })
    pushed = 0
    await run(500)
    expect(pushed).toBe(0)
    // The exchange filled the near order while the client could not hear of it.
    expect(sim.exchangeOrders().find((o) => o.vtOrderId === near)!.status).toBe('ALLTRADED')
    expect(main.getOrder(near)!.status).toBe('NOTTRADED')

    await run(500)
    expect(statuses.map((s) => s.state)).toEqual(['reconnecting', 'connected'])
    expect(main.getAllLogs().at(-1)!.message).toMatch(
      /^reconnected: resubscribed 1 instruments, replayed [1-9]\d* order and trade updates$/,
    )
    expect(main.getAllOrders().filter((o) => o.vtOrderId !== refused)).toEqual(sim.exchangeOrders())
    expect(main.getAllTrades()).toEqual(sim.exchangeTrades())
    expect(main.getOrder(far)!.status).toBe('NOTTRADED')
    const before = main.getTick(IF)!.datetime
    await run(1000)
    expect(main.getTick(IF)!.datetime).toBe(before + 1000)
    await main.close()
  })

  it('drops and restores the connection by itself when random faults are on', async () => {
    const session = await startSession({ setting: { faultsPerHour: 360, reconnectMs: 2000 }, subscribe: [RB] })
    const states: string[] = []
    session.engine.register(EVENT_GATEWAY, (event) => states.push(event.data!.state))
    await session.run(60_000)
    expect(states.length).toBeGreaterThanOrEqual(2)
    expect(states.filter((_, i) => i % 2 === 0).every((state) => state === 'reconnecting')).toBe(true)
    expect(states.filter((_, i) => i % 2 === 1).every((state) => state === 'connected')).toBe(true)
    await session.main.close()
  })

  it('releases its timer handler on disconnect: the handler count returns to its baseline', async () => {
    const session = await startSession()
    const { engine, main } = session
    const connected = engine.handlerCount()
    main.disconnect('SIM')
    const baseline = engine.handlerCount()
    expect(baseline).toBe(connected - 1)
    main.connect({}, 'SIM')
    expect(engine.handlerCount()).toBe(baseline + 1)
    main.disconnect('SIM')
    expect(engine.handlerCount()).toBe(baseline)
    await session.run(3000)
    expect(main.getAllGatewayStatuses()).toMatchObject([{ gatewayName: 'SIM', state: 'disconnected' }])
    await main.close()
    expect(engine.handlerCount()).toBe(0)
  })
})

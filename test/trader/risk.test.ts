import { describe, expect, it, vi } from 'vitest'
import type { RiskSettings } from '../../src/main/trader'
import { englishText, type HostMessage } from '../../src/shared/messages'
import { createCancelRequest, type OrderRequest } from '../../src/shared/objects'
import { orderRequest, startSession, type Session } from '../gateway/harness'

const RB = 'rb2701.SHFE'
const IF = 'IF2612.CFFEX'
const MOUTAI = '600519.SSE'

/** Everything a rejection must leave as it was, the rejected order aside. */
function state(session: Session, rejected?: string): unknown {
  const { main, sim } = session
  return {
    orders: main.getAllOrders().filter((order) => order.vtOrderId !== rejected),
    active: main.getAllActiveOrders(),
    trades: main.getAllTrades(),
    positions: main.getAllPositions(),
    accounts: main.getAllAccounts(),
    exchangeOrders: sim.exchangeOrders(),
  }
}

/**
 * Sends a request that must be rejected by the trading core, and checks the
 * rejection: a REJECTED order with the reason, a risk log line, no call to
 * the gateway and no other change. Returns the reason.
 */
async function expectRejected(session: Session, req: OrderRequest): Promise<string> {
  const { main, sim, engine } = session
  sim.queryAccount()
  sim.queryPosition()
  await engine.idle()
  const before = state(session)
  const sendOrder = vi.spyOn(sim, 'sendOrder')
  const vtOrderId = main.sendOrder(req, 'SIM')
  sim.queryAccount()
  sim.queryPosition()
  await engine.idle()
  expect(sendOrder).not.toHaveBeenCalled()
  sendOrder.mockRestore()
  const order = main.getOrder(vtOrderId)!
  expect(order).toMatchObject({ status: 'REJECTED', volume: req.volume, price: req.price, reference: 'manual' })
  expect(state(session, vtOrderId)).toEqual(before)
  const log = main.getAllLogs().findLast((l) => l.source === 'risk')!
  expect(log.level).toBe('WARNING')
  expect(log.message).toContain(order.rejectReason!)
  // The reason also travels as a code with its parameters, so a window can show it in the user's language.
  const reason = { code: order.rejectCode, params: order.rejectParams } as HostMessage
  expect(order.rejectCode).toMatch(/^risk\./)
  expect(englishText(reason)).toBe(order.rejectReason)
  expect(log).toMatchObject({ code: 'trader.orderRejected', params: { vtOrderId, reason } })
  return order.rejectReason!
}

async function session(risk: Partial<RiskSettings> = {}): Promise<Session> {
  const s = await startSession({ risk, subscribe: [RB, IF, MOUTAI] })
  await s.run(1000)
  return s
}

describe('pre-trade risk checks', () => {
  it('rejects an unknown contract', async () => {
    const s = await session()
    expect(await expectRejected(s, orderRequest('rb9999.SHFE', 'LONG', 'OPEN', 3150, 1))).toBe(
      'unknown contract rb9999.SHFE',
    )
    await s.main.close()
  })

  it('rejects a price off the price tick, above limit up or below limit down', async () => {
    const s = await session()
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3150.5, 1))).toBe(
      'price 3150.5 is not on the price tick 1',
    )
    expect(await expectRejected(s, orderRequest(IF, 'LONG', 'OPEN', 4650.3, 1))).toBe(
      'price 4650.3 is not on the price tick 0.2',
    )
    // rb2701: preClose 3152, limits ±5 % on the tick grid: 2995 … 3309.
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3310, 1))).toBe('price 3310 is above limit up 3309')
    expect(await expectRejected(s, orderRequest(RB, 'SHORT', 'OPEN', 2994, 1))).toBe(
      'price 2994 is below limit down 2995',
    )
    await s.main.close()
  })

  it('rejects a volume that is not positive or not a multiple of the minimum volume', async () => {
    const s = await session()
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3150, 0))).toBe('volume must be positive, got 0')
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3150, -2))).toBe('volume must be positive, got -2')
    expect(await expectRejected(s, orderRequest(MOUTAI, 'LONG', 'OPEN', 1478.6, 150))).toBe(
      'volume 150 is not a multiple of the minimum volume 100',
    )
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3150, 1.5))).toBe(
      'volume 1.5 is not a multiple of the minimum volume 1',
    )
    await s.main.close()
  })

  it('rejects an order above the volume cap or the value cap', async () => {
    const s = await session({ maxOrderVolume: 10, maxOrderValue: 1_000_000 })
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3100, 11))).toBe(
      'volume 11 exceeds the order volume cap 10',
    )
    // One IF lot at 4500 is 4500 × 300 = 1,350,000.
    expect(await expectRejected(s, orderRequest(IF, 'LONG', 'OPEN', 4500, 1))).toBe(
      'order value 1350000 exceeds the order value cap 1000000',
    )
    await s.main.close()
  })

  it('rejects beyond the number of active orders, counting orders not yet acknowledged', async () => {
    const s = await session({ maxActiveOrders: 2 })
    s.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', 3100, 1), 'SIM')
    s.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', 3101, 1), 'SIM')
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3102, 1))).toBe('2 orders are active, the cap is 2')
    await s.main.close()
  })

  it('rejects beyond the order rate per second, and lets orders through again a second later', async () => {
    const s = await session({ maxOrdersPerSecond: 3 })
    for (let i = 0; i < 3; i++) s.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', 3100 - i, 1), 'SIM')
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3090, 1))).toBe(
      'order rate cap reached: 3 orders in the last second, the cap is 3',
    )
    await s.run(1000)
    const later = s.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', 3090, 1), 'SIM')
    await s.engine.idle()
    expect(s.main.getOrder(later)!.status).toBe('NOTTRADED')
    await s.main.close()
  })

  it('rejects an open the available funds cannot pay for, counting opens sent since the last account', async () => {
    const s = await startSession({ setting: { capitalCny: 1_000_000 }, risk: { maxOrderValue: 0 }, subscribe: [IF] })
    await s.run(1000)
    // One IF lot at 4500 needs 4500 × 300 × (12 % + 0.0023 %) = 162,031.05; 1,000,000 pays for six.
    expect(await expectRejected(s, orderRequest(IF, 'LONG', 'OPEN', 4500, 7))).toBe(
      'insufficient funds: needs 1134217.35, available 1000000',
    )
    // In one turn, before any account event can tell: the four lots sent are reserved against the last snapshot.
    expect(s.main.getAccount('SIM.CNY')!.available).toBe(1_000_000)
    const four = s.main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', 4500, 4), 'SIM')
    const three = s.main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', 4500, 3), 'SIM')
    await s.engine.idle()
    expect(s.main.getOrder(four)!.status).toBe('NOTTRADED')
    // 1,000,000 − 4 × 162,031.05 = 351,875.8 left.
    expect(s.main.getOrder(three)!.rejectReason).toBe('insufficient funds: needs 486093.15, available 351875.8')
    // Once the account reports the frozen funds itself, the reservation is not counted twice.
    expect(await expectRejected(s, orderRequest(IF, 'LONG', 'OPEN', 4500, 3))).toBe(
      'insufficient funds: needs 486093.15, available 351875.8',
    )
    await s.main.close()
  })

  it('rejects a close beyond the position not already being closed', async () => {
    const s = await session()
    expect(await expectRejected(s, orderRequest(RB, 'SHORT', 'CLOSE', 3100, 1))).toBe(
      'insufficient position: 0 closable, 1 asked',
    )
    const tick = s.main.getTick(RB)!
    s.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', tick.askPrice5, 5), 'SIM')
    await s.engine.idle()
    // Filled, but no position poll has reported it yet: the trades count, and so does the close sent first.
    expect(s.main.getAllPositions()).toEqual([])
    const first = s.main.sendOrder(orderRequest(RB, 'SHORT', 'CLOSE', tick.askPrice5 + 30, 3), 'SIM')
    const second = s.main.sendOrder(orderRequest(RB, 'SHORT', 'CLOSE', tick.askPrice5 + 30, 3), 'SIM')
    await s.engine.idle()
    expect(s.main.getOrder(first)!.status).toBe('NOTTRADED')
    expect(s.main.getOrder(second)!.rejectReason).toBe('insufficient position: 2 closable, 3 asked')
    expect(await expectRejected(s, orderRequest(RB, 'SHORT', 'CLOSE', tick.askPrice5 + 30, 3))).toBe(
      'insufficient position: 2 closable, 3 asked',
    )
    await s.main.close()
  })

  it('lets a switched-off check through to the gateway, which applies its own rule', async () => {
    const s = await session({ checkPrice: false, checkPosition: false })
    const offTick = s.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', 3150.5, 1), 'SIM')
    const naked = s.main.sendOrder(orderRequest(RB, 'SHORT', 'CLOSE', 3100, 1), 'SIM')
    await s.engine.idle()
    expect(s.main.getOrder(offTick)).toMatchObject({ status: 'REJECTED', vtOrderId: 'SIM.1' })
    expect(s.main.getOrder(offTick)!.rejectReason).toBe('price 3150.5 is not a multiple of the price tick 1')
    expect(s.main.getOrder(naked)!.rejectReason).toBe('insufficient position: 0 can be closed, 1 asked')
    expect(s.main.updateRiskSettings({ checkPrice: true })).toMatchObject({ checkPrice: true, checkPosition: false })
    expect(await expectRejected(s, orderRequest(RB, 'LONG', 'OPEN', 3150.5, 1))).toBe(
      'price 3150.5 is not on the price tick 1',
    )
    await s.main.close()
  })
})

describe('funds reserved for opens', () => {
  /** A desk with 1,000,000 CNY, where one IF lot at 4500 reserves 162,031.05 (see above). */
  async function funded(risk: Partial<RiskSettings> = {}): Promise<Session> {
    const s = await startSession({
      setting: { capitalCny: 1_000_000 },
      risk: { maxOrderValue: 0, ...risk },
      subscribe: [IF],
    })
    await s.run(1000)
    return s
  }

  it('releases a cancelled or rejected order at once, not at the next account poll', async () => {
    const s = await funded({ checkPrice: false })
    const { main, engine } = s
    // The demo grid's place-and-cancel cycles, all between two account polls.
    for (let cycle = 0; cycle < 5; cycle++) {
      const id = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', 4500, 4), 'SIM')
      await engine.idle()
      expect(main.getOrder(id)).toMatchObject({ status: 'NOTTRADED' })
      main.cancelOrder(createCancelRequest(main.getOrder(id)!), 'SIM')
      await engine.idle()
      expect(main.getOrder(id)!.status).toBe('CANCELLED')
    }
    const offTick = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', 4500.1, 4), 'SIM')
    await engine.idle()
    expect(main.getOrder(offTick)!.rejectReason).toBe('price 4500.1 is not a multiple of the price tick 0.2')
    expect(main.getAccount('SIM.CNY')!.available).toBe(1_000_000)
    // Six lots need 972,186.3: nothing of the cycles or the rejection is still held.
    const six = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', 4500, 6), 'SIM')
    await engine.idle()
    expect(main.getOrder(six)!.status).toBe('NOTTRADED')
    await main.close()
  })

  it('keeps what a cancelled order filled until an account snapshot shows the fill', async () => {
    const s = await startSession({ risk: { maxOrderValue: 0 }, subscribe: [IF] })
    await s.run(1000)
    const { main, sim, engine } = s
    const tick = main.getTick(IF)!
    // A FAK for more than the touch holds: it fills the touch and the rest is cancelled.
    const id = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.askPrice1, tick.askVolume1 + 2, 'FAK'), 'SIM')
    await engine.idle()
    const order = main.getOrder(id)!
    expect(order).toMatchObject({ status: 'CANCELLED', traded: tick.askVolume1 })
    const filled = tick.askPrice1 * order.traded * 300 * (0.12 + 0.000023)
    expect(main.getAccount('SIM.CNY')!.available).toBe(5_000_000)
    // 20 lots at 4500 need 20 × 162,031.05.
    const tooMany = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', 4500, 20), 'SIM')
    await engine.idle()
    expect(main.getOrder(tooMany)!.rejectReason).toBe(
      `insufficient funds: needs 3240621, available ${Math.round((5_000_000 - filled) * 100) / 100}`,
    )
    // The snapshot holds the fill's margin and commission: the reservation is not counted on top of it.
    sim.queryAccount()
    await engine.idle()
    const available = main.getAccount('SIM.CNY')!.available
    expect(available).toBeLessThan(5_000_000 - filled * 0.99)
    expect(await expectRejected(s, orderRequest(IF, 'LONG', 'OPEN', 4500, 20))).toBe(
      `insufficient funds: needs 3240621, available ${Math.round(available * 100) / 100}`,
    )
    await main.close()
  })

  it('tells which positions and accounts have fills the last poll has not shown', async () => {
    const s = await funded()
    const { main, sim, engine } = s
    expect(main.getUnpolledFills()).toEqual({ positions: {}, accounts: [] })
    const tick = main.getTick(IF)!
    main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.askPrice1, 1), 'SIM')
    await engine.idle()
    expect(main.getUnpolledFills()).toEqual({ positions: { 'SIM.IF2612.CFFEX.LONG': 1 }, accounts: ['SIM.CNY'] })
    sim.queryPosition()
    await engine.idle()
    expect(main.getUnpolledFills()).toEqual({ positions: {}, accounts: ['SIM.CNY'] })
    sim.queryAccount()
    await engine.idle()
    expect(main.getUnpolledFills()).toEqual({ positions: {}, accounts: [] })
    await main.close()
  })
})

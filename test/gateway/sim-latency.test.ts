import { describe, expect, it } from 'vitest'
import { orderRequest, startSession } from './harness'

const RB = 'rb2701.SHFE'

describe('the simulated exchange’s latency', () => {
  it('holds an order and a cancel on their way for the latency set in the Connect dialog', async () => {
    const session = await startSession({ subscribe: [RB], setting: { latencyMs: 300 } })
    await session.run(1000)
    const bid = session.main.getTick(RB)!.bidPrice1
    const id = session.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', bid - 20, 1), 'SIM')
    await session.run(200)
    expect(session.main.getOrder(id)!.status).toBe('SUBMITTING')
    expect(session.sim.exchangeOrders()).toEqual([])
    await session.run(200)
    expect(session.main.getOrder(id)!.status).toBe('NOTTRADED')

    const order = session.main.getOrder(id)!
    session.main.cancelOrder({ orderId: order.orderId, symbol: order.symbol, exchange: order.exchange }, 'SIM')
    await session.run(200)
    expect(session.main.getOrder(id)!.status).toBe('NOTTRADED')
    await session.run(200)
    expect(session.main.getOrder(id)!.status).toBe('CANCELLED')
    await session.main.close()
  })

  it('rejects an order still on its way when the connection closes: the exchange never saw it', async () => {
    const session = await startSession({ subscribe: [RB], setting: { latencyMs: 500 } })
    await session.run(1000)
    const bid = session.main.getTick(RB)!.bidPrice1
    const id = session.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', bid - 20, 1), 'SIM')
    await session.run(100)
    session.main.disconnect('SIM')
    await session.run(1000)
    expect(session.main.getOrder(id)).toMatchObject({ status: 'REJECTED', rejectCode: 'gateway.notConnected' })
    expect(session.sim.exchangeOrders()).toEqual([])
    await session.main.close()
  })
})

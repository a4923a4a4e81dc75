import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { EVENT_TICK } from '../../src/shared/events'
import type { Account, Position, Tick } from '../../src/shared/objects'
import { orderRequest, poll, restartable, type Session, type SessionOptions } from './harness'

const RB = 'rb2701.SHFE'
const IF = 'IF2612.CFFEX'

const desks = restartable()
const databasePath = desks.databasePath

function open(path: string, options: SessionOptions = {}): Promise<Session> {
  return desks.open({ ...options, sim: { databasePath: path } })
}

/** What the books say, without what moves with the market (profit against the last price). */
function books(session: Session): { positions: Partial<Position>[]; accounts: Partial<Account>[] } {
  return {
    positions: session.main.getAllPositions().map(({ vtPositionId, volume, ydVolume, frozen, price, margin }) => ({
      vtPositionId,
      volume,
      ydVolume,
      frozen,
      price,
      margin,
    })),
    accounts: session.main
      .getAllAccounts()
      .map(({ vtAccountId, frozen, commission, closePnl, margin, balance, positionPnl }) => ({
        vtAccountId,
        frozen,
        commission,
        closePnl,
        margin,
        capital: balance - positionPnl - closePnl + commission,
      })),
  }
}

/** Trades on rb (open 4, close 1) and leaves an IF buy and an rb close resting far from the market. */
async function trade(session: Session): Promise<{ resting: string[] }> {
  const { main, run } = session
  await run(1000)
  const rb = main.getTick(RB)!
  main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', rb.askPrice5, 4), 'SIM')
  await run(1000)
  main.sendOrder(orderRequest(RB, 'SHORT', 'CLOSE', main.getTick(RB)!.bidPrice5, 1), 'SIM')
  const ifBid = main.getTick(IF)!.bidPrice1 - 60
  const buy = main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', ifBid, 2), 'SIM')
  const close = main.sendOrder(orderRequest(RB, 'SHORT', 'CLOSE', rb.askPrice5 + 60, 2), 'SIM')
  await run(1000)
  await poll(session)
  return { resting: [buy, close] }
}

describe('SimGateway with a database: the exchange outlives the desk', () => {
  it('finds the same positions, account, orders and trades after a restart, with the resting orders still working', async () => {
    const path = databasePath()
    const first = await open(path, { subscribe: [RB, IF] })
    const { resting } = await trade(first)
    const before = books(first)
    const orders = first.sim.exchangeOrders()
    const trades = first.sim.exchangeTrades()
    expect(trades.length).toBeGreaterThanOrEqual(2)
    expect(before.accounts[0].frozen).toBeGreaterThan(0)
    expect(before.positions).toContainEqual(expect.objectContaining({ vtPositionId: `SIM.${RB}.LONG`, frozen: 2 }))

    // No goodbye: the first desk is simply gone, as after kill -9.
    const second = await open(path, { subscribe: [RB, IF] })
    await poll(second)
    expect(books(second)).toEqual(before)
    expect(second.sim.exchangeOrders()).toEqual(orders)
    expect(second.sim.exchangeTrades()).toEqual(trades)
    // The login replays the day: the new desk's core knows every order and trade.
    expect(second.main.getAllOrders()).toEqual(orders)
    expect(second.main.getAllTrades()).toEqual(trades)
    expect(second.main.getAllActiveOrders().map((order) => order.vtOrderId)).toEqual(resting)

    // The resting orders are working at the exchange: cancelling them frees the funds and the position.
    for (const vtOrderId of resting) {
      const { orderId, symbol, exchange } = second.main.getOrder(vtOrderId)!
      second.main.cancelOrder({ orderId, symbol, exchange }, 'SIM')
    }
    await poll(second)
    expect(second.main.getAllActiveOrders()).toEqual([])
    expect(second.main.getAccount('SIM.CNY')!.frozen).toBe(0)
    expect(second.main.getPosition(`SIM.${RB}.LONG`)).toMatchObject({ volume: 3, frozen: 0 })
  })

  it('never hands out an order or trade id twice, rejections before the restart included', async () => {
    const path = databasePath()
    const first = await open(path, { subscribe: [RB] })
    await first.run(1000)
    first.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', first.main.getTick(RB)!.askPrice5, 1), 'SIM')
    first.sim.close()
    const refused = first.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', 3100, 1), 'SIM')
    await first.engine.idle()
    expect(first.main.getOrder(refused)).toMatchObject({ vtOrderId: 'SIM.2', rejectReason: 'not connected' })

    const second = await open(path, { subscribe: [RB] })
    await second.run(1000)
    const next = second.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', second.main.getTick(RB)!.askPrice5, 1), 'SIM')
    await second.engine.idle()
    expect(next).toBe('SIM.3')
    expect(second.main.getAllTrades().map((trade) => trade.tradeId)).toEqual(['1', '2'])
  })

  it('continues its market where it stopped: the same prices as a market that never stopped', async () => {
    const ticks = (session: Session): Tick[] => {
      const seen: Tick[] = []
      session.engine.register(EVENT_TICK, (event) => seen.push(event.data!))
      return seen
    }
    const strip = ({ datetime: _datetime, ...tick }: Tick): Omit<Tick, 'datetime'> => tick
    const uninterrupted = await desks.open({ subscribe: [IF] })
    const expected = ticks(uninterrupted)
    await uninterrupted.run(6000)

    const path = databasePath()
    const first = await open(path, { subscribe: [IF] })
    const seenFirst = ticks(first)
    await first.run(3000)
    first.main.disconnect('SIM')
    const second = await open(path, { subscribe: [IF] })
    const seenSecond = ticks(second)
    await second.run(3000)
    expect([...seenFirst, ...seenSecond].map(strip)).toEqual(expected.map(strip))
    expect(seenSecond[0].openPrice).toBe(seenFirst[0].lastPrice)
  })

  it('keeps the capital it opened with; a later setting does not reset the account', async () => {
    const path = databasePath()
    const first = await open(path, { setting: { capitalCny: 2_000_000 } })
    await poll(first)
    expect(first.main.getAccount('SIM.CNY')).toMatchObject({ balance: 2_000_000 })
    const second = await open(path, { setting: { capitalCny: 9_000_000 } })
    await poll(second)
    expect(second.main.getAccount('SIM.CNY')).toMatchObject({ balance: 2_000_000 })
    expect(second.main.getAllLogs().map((log) => log.message)).toContain(
      `found the simulated exchange as it was left in ${path}: 0 orders and 0 trades`,
    )
  })

  it('reports a save it cannot make, keeps trading from memory, and saves everything once it can', async () => {
    const path = databasePath()
    const session = await open(path, { subscribe: [RB] })
    await session.run(1000)
    // Another connection holds the write lock, as a stuck writer would.
    const blocker = new DatabaseSync(path)
    blocker.exec('BEGIN IMMEDIATE')
    const id = session.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', session.main.getTick(RB)!.askPrice5, 1), 'SIM')
    await session.engine.idle()
    expect(session.main.getOrder(id)!.status).toBe('ALLTRADED')
    const errors = session.main.getAllLogs().filter((log) => log.level === 'ERROR')
    expect(errors.map((log) => log.message)).toEqual([
      `the simulated exchange cannot save its books to ${path}: Error: database is locked; it trades on from memory`,
    ])
    blocker.exec('ROLLBACK')
    blocker.close()
    await session.run(1000)
    expect(session.main.getAllLogs().at(-1)!.message).toBe(`the simulated exchange saves its books to ${path} again`)

    const reopened = await open(path)
    expect(reopened.sim.exchangeTrades()).toEqual(session.sim.exchangeTrades())
  })
})

import { describe, expect, it } from 'vitest'
import { EventEngine, ManualScheduler } from '../../src/main/engine'
import { SimGateway } from '../../src/main/gateway/sim'
import { MAX_HISTORY_BARS } from '../../src/main/gateway/sim/history'
import { BarGenerator } from '../../src/shared/bar-generator'
import { MainEngine } from '../../src/main/trader'
import {
  EVENT_ACCOUNT,
  EVENT_CONTRACT,
  EVENT_GATEWAY,
  EVENT_ORDER,
  EVENT_POSITION,
  EVENT_TICK,
  EVENT_TRADE,
  type EngineEvent,
} from '../../src/shared/events'
import type { Gateway } from '../../src/main/gateway'
import type { Bar, HistoryRequest, Order } from '../../src/shared/objects'
import { orderRequest, SESSION_OPEN, startSession } from '../gateway/harness'

const RB = 'rb2701.SHFE'

describe('MainEngine', () => {
  it('keeps the latest state and puts every update under its generic and its keyed type', async () => {
    const session = await startSession({ subscribe: [RB] })
    const { engine, main, sim, run } = session
    const keyed: Record<string, number> = {}
    const count = (type: string): void => void engine.register(type, () => (keyed[type] = (keyed[type] ?? 0) + 1))
    await run(1000)
    const tick = main.getTick(RB)!
    const id = main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', tick.askPrice1, 1), 'SIM')
    for (const type of [
      EVENT_TICK + RB,
      EVENT_ORDER + id,
      EVENT_TRADE + RB,
      EVENT_POSITION + RB,
      EVENT_ACCOUNT + 'SIM.CNY',
    ])
      count(type)
    await engine.idle()
    sim.queryAccount()
    sim.queryPosition()
    await run(1000)

    // Order: SUBMITTING, NOTTRADED, ALLTRADED. Account: the query, then the poll on the 2nd timer event.
    expect(keyed).toEqual({
      [EVENT_TICK + RB]: 2,
      [EVENT_ORDER + id]: 3,
      [EVENT_TRADE + RB]: 1,
      [EVENT_POSITION + RB]: 1,
      [EVENT_ACCOUNT + 'SIM.CNY']: 2,
    })
    expect(main.getAllTicks().map((t) => t.vtSymbol)).toEqual([RB])
    expect(main.getOrder(id)).toMatchObject({ status: 'ALLTRADED', reference: 'manual' })
    expect(main.getAllTrades()).toHaveLength(1)
    expect(main.getAllPositions().map((p) => p.vtPositionId)).toEqual(['SIM.rb2701.SHFE.LONG'])
    expect(main.getAllAccounts().map((a) => a.vtAccountId)).toEqual(['SIM.CNY', 'SIM.USDT'])
    expect(main.getAllContracts().map((c) => c.vtSymbol)).toEqual([
      'IF2612.CFFEX',
      RB,
      'm2701.DCE',
      '600519.SSE',
      '000001.SZSE',
      'BTCUSDT.BINANCE',
    ])
    expect(main.getContract(RB)).toMatchObject({
      size: 10,
      pricetick: 1,
      minVolume: 1,
      product: 'FUTURES',
      accountId: 'CNY',
    })
    expect(main.getAllGatewayNames()).toEqual(['SIM'])
    expect(main.getAllGatewayStatuses()).toMatchObject([{ gatewayName: 'SIM', state: 'connected' }])
    await main.close()
  })

  it('carries the sender’s reference on orders and trades', async () => {
    const session = await startSession({ subscribe: [RB] })
    await session.run(1000)
    const tick = session.main.getTick(RB)!
    const id = session.main.sendOrder(
      { ...orderRequest(RB, 'LONG', 'OPEN', tick.askPrice1, 1), reference: 'DoubleMa' },
      'SIM',
    )
    await session.engine.idle()
    expect(session.main.getOrder(id)!.reference).toBe('DoubleMa')
    expect(session.main.getAllTrades()[0].reference).toBe('DoubleMa')
    await session.main.close()
  })

  it('keeps at most logCapacity logs and counts those it dropped', async () => {
    const session = await startSession({ logCapacity: 3 })
    for (let i = 1; i <= 5; i++) session.main.writeLog(`note ${i}`, 'test', 'DEBUG')
    await session.engine.idle()
    // The gateway's connect line came first, so six logs in all: three dropped.
    expect(session.main.getAllLogs().map((log) => log.message)).toEqual(['note 3', 'note 4', 'note 5'])
    expect(session.main.getAllLogs()[0]).toMatchObject({ source: 'test', level: 'DEBUG', time: SESSION_OPEN })
    expect(session.main.getLogsDropped()).toBe(3)
    await session.main.close()
  })

  it('cancels every working order with cancelAll, those not yet acknowledged included', async () => {
    const session = await startSession({ subscribe: [RB] })
    await session.run(1000)
    const tick = session.main.getTick(RB)!
    const first = session.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', tick.bidPrice5 - 10, 1), 'SIM')
    await session.engine.idle()
    const second = session.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', tick.bidPrice5 - 11, 1), 'SIM')
    session.main.cancelAll()
    await session.engine.idle()
    expect(session.main.getOrder(first)!.status).toBe('CANCELLED')
    expect(session.main.getOrder(second)!.status).toBe('CANCELLED')
    expect(session.main.getAllActiveOrders()).toEqual([])
    await session.main.close()
  })

  it('rejects an order for an unknown gateway and refuses to connect one', async () => {
    const session = await startSession()
    const id = session.main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', 3150, 1), 'CTP')
    await session.engine.idle()
    expect(session.main.getOrder(id)).toMatchObject({ status: 'REJECTED', rejectReason: 'unknown gateway CTP' })
    expect(() => session.main.connect({}, 'CTP')).toThrow('unknown gateway CTP')
    expect(() => session.main.addGateway(session.sim)).toThrow('a gateway named SIM is already added')
    await session.main.close()
  })

  it('close() cancels working orders, then closes gateways, then stops the engine, and releases its handlers', async () => {
    const scheduler = new ManualScheduler(0, SESSION_OPEN)
    const engine = new EventEngine({ scheduler })
    const baseline = engine.handlerCount()
    const main = new MainEngine({ engine, scheduler })
    main.addGateway(new SimGateway(engine, { scheduler }))
    main.connect({}, 'SIM')
    main.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
    scheduler.advance(1000)
    await engine.idle()
    const tick = main.getTick(RB)!
    const working = [3, 4, 5].map((i) => main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', tick.bidPrice5 - i, 1), 'SIM'))
    await engine.idle()

    const seen: string[] = []
    const record = (event: EngineEvent): void => {
      if (event.type === EVENT_ORDER) seen.push(`order ${(event.data as Order).status}`)
      if (event.type === EVENT_GATEWAY) seen.push('gateway closed')
    }
    engine.registerGeneral(record)
    await main.close()
    engine.unregisterGeneral(record)

    expect(engine.isActive).toBe(false)
    expect(seen).toEqual(['order CANCELLED', 'order CANCELLED', 'order CANCELLED', 'gateway closed'])
    for (const id of working) expect(main.getOrder(id)!.status).toBe('CANCELLED')
    expect(engine.handlerCount()).toBe(baseline)
    expect(engine.types().filter((type) => type.startsWith(EVENT_CONTRACT))).toEqual([])
  })

  it('close() can leave working orders at the exchange when the user asked to keep them', async () => {
    const scheduler = new ManualScheduler(0, SESSION_OPEN)
    const engine = new EventEngine({ scheduler })
    const main = new MainEngine({ engine, scheduler })
    const sim = new SimGateway(engine, { scheduler })
    main.addGateway(sim)
    main.connect({}, 'SIM')
    main.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
    scheduler.advance(1000)
    await engine.idle()
    const id = main.sendOrder(orderRequest(RB, 'LONG', 'OPEN', main.getTick(RB)!.bidPrice5 - 3, 1), 'SIM')
    await engine.idle()
    await main.close({ cancelWorkingOrders: false })
    expect(engine.isActive).toBe(false)
    expect(main.getOrder(id)!.status).toBe('NOTTRADED')
    expect(sim.exchangeOrders().find((o) => o.vtOrderId === id)?.status).toBe('NOTTRADED')
    expect(main.getAllLogs().some((l) => l.message === 'Leaving 1 working order(s) at the exchange')).toBe(true)
  })

  it('queryHistory answers 1-minute bars from the gateway: closed minutes in [start, end], oldest first', async () => {
    const session = await startSession({ subscribe: [RB] })
    const live: Bar[] = []
    const generator = new BarGenerator((bar) => live.push(bar))
    session.engine.register(`${EVENT_TICK}${RB}`, (event) => generator.updateTick(event.data!))
    await session.run(90_000) // 01:31:30, a minute and a half into the session
    const minute = 60_000
    const now = session.main.now()
    expect(now).toBe(SESSION_OPEN + 90_000)
    const req = { symbol: 'rb2701', exchange: 'SHFE' as const, start: now - 10 * minute }
    const bars = await session.main.queryHistory(req, 'SIM')
    // From the first whole minute after start to the last closed one (01:30); 01:31 is still being made.
    expect(bars.map((bar) => bar.datetime)).toEqual(
      Array.from({ length: 9 }, (_, i) => SESSION_OPEN - 8 * minute + i * minute),
    )
    for (const bar of bars) {
      expect(bar).toMatchObject({ vtSymbol: RB, gatewayName: 'SIM', interval: 1 })
      expect(bar.highPrice).toBeGreaterThanOrEqual(Math.max(bar.openPrice, bar.closePrice))
      expect(bar.lowPrice).toBeLessThanOrEqual(Math.min(bar.openPrice, bar.closePrice))
    }
    // History joins the live market: the minute the desk traded is the bar its ticks made.
    expect(live.at(-1)!.datetime).toBe(SESSION_OPEN)
    const { openPrice, highPrice, lowPrice, closePrice } = live.at(-1)!
    expect(bars.at(-1)).toMatchObject({ datetime: SESSION_OPEN, openPrice, highPrice, lowPrice, closePrice })
    // Before it, the generated past ends where the market began.
    expect(bars.at(-2)!.closePrice).toBe(openPrice)
    // An end in the past: the bars closed by then; an end in the future is now.
    const earlier = await session.main.queryHistory({ ...req, end: SESSION_OPEN - 5 * minute }, 'SIM')
    expect(earlier.map((bar) => bar.datetime).at(-1)).toBe(SESSION_OPEN - 6 * minute)
    expect(earlier).toHaveLength(3)
    expect(await session.main.queryHistory({ ...req, end: now + 3_600_000 }, 'SIM')).toHaveLength(9)
    // Nothing for an unknown instrument, or a window with no closed minute.
    expect(await session.main.queryHistory({ ...req, symbol: 'xx9999' }, 'SIM')).toEqual([])
    expect(await session.main.queryHistory({ ...req, start: now - 20_000 }, 'SIM')).toEqual([])
    // A long window answers the latest MAX_HISTORY_BARS, still ending at the last closed minute.
    const month = await session.main.queryHistory({ ...req, start: now - 40 * 24 * 60 * minute }, 'SIM')
    expect(month).toHaveLength(MAX_HISTORY_BARS)
    expect(month.at(-1)!.datetime).toBe(SESSION_OPEN)
    await session.main.close()
  })

  it('queryHistory: none from a gateway without history, a promise awaited, an unknown gateway refused', async () => {
    const session = await startSession()
    const requests: HistoryRequest[] = []
    const bar = session.sim.queryHistory({ symbol: 'rb2701', exchange: 'SHFE', start: SESSION_OPEN - 3_600_000 })[0]
    const stub = (gatewayName: string, queryHistory?: Gateway['queryHistory']): Gateway => ({
      gatewayName,
      defaultSetting: {},
      connect: () => undefined,
      close: () => undefined,
      subscribe: () => undefined,
      sendOrder: () => `${gatewayName}.1`,
      cancelOrder: () => undefined,
      queryAccount: () => undefined,
      queryPosition: () => undefined,
      ...(queryHistory && { queryHistory }),
    })
    session.main.addGateway(stub('NOHIST'))
    session.main.addGateway(
      stub('ASYNC', async (req): Promise<Bar[]> => {
        requests.push(req)
        await new Promise((resolve) => setTimeout(resolve, 1))
        return [bar]
      }),
    )
    const req = { symbol: 'rb2701', exchange: 'SHFE' as const, start: SESSION_OPEN - 3_600_000 }
    expect(await session.main.queryHistory(req, 'NOHIST')).toEqual([])
    expect(await session.main.queryHistory(req, 'ASYNC')).toEqual([bar])
    expect(requests).toEqual([req])
    await expect(session.main.queryHistory(req, 'CTP')).rejects.toThrow('unknown gateway CTP')
    await session.main.close()
  })
})

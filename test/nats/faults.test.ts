/**
 * Desks on NATS when things go wrong, against a real nats-server: a monitor
 * that goes away and comes back, the server itself going away, two monitors,
 * wrong credentials, and garbage on a desk's subjects.
 */
import { connect } from '@nats-io/transport-node'
import { afterEach, describe, expect, it } from 'vitest'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import type { MirrorCursor, MirrorCursorStore, NatsGateway } from '../../src/main/nats'
import { encodeTickFrame, identityOf, rowChanges, tickRow } from '../../src/main/nats/tick-frame'
import { EVENT_TICK, EVENT_TRADE } from '../../src/shared/events'
import type { Trade } from '../../src/shared/objects'
import { startNatsServer, until, type NatsServer } from './nats-server'
import { marketBuy, numberedTick } from './ticks'

const IF = 'IF2612.CFFEX'
const BUY = marketBuy()

/** An instrument the sim does not quote: only what the test publishes moves it. */
const XX = numberedTick(1, 'XX9999.LOCAL')

class MemoryCursors implements MirrorCursorStore {
  readonly cursors = new Map<string, MirrorCursor>()
  load(name: string): MirrorCursor | undefined {
    return this.cursors.get(name)
  }
  save(name: string, cursor: MirrorCursor): void {
    this.cursors.set(name, cursor)
  }
}

let cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

async function server(config?: string): Promise<NatsServer> {
  const s = await startNatsServer({ config })
  cleanup.push(() => s.dispose())
  return s
}

function desk(url: string, name = 'alpha'): TradingDesk {
  const d = createTradingDesk({ connectSim: { tickRate: 20, pollEvery: 1 }, nats: { url, desk: name } })
  cleanup.push(() => d.close())
  return d
}

function monitor(url: string, name: string, cursors?: MirrorCursorStore): { desk: TradingDesk; trades: Trade[] } {
  const m = createTradingDesk({
    noSim: true,
    nats: { url, desk: name },
    remotes: [{ desk: 'alpha' }],
    mirrorCursors: cursors,
  })
  const trades: Trade[] = []
  m.engine.register(EVENT_TRADE, (event) => void trades.push(event.data!))
  cleanup.push(() => m.close())
  return { desk: m, trades }
}

async function connected(m: TradingDesk): Promise<void> {
  await until('the mirror to connect', () =>
    m.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state === 'connected'),
  )
}

/** Every trade of the desk, by id, in the monitor's naming. */
function expectedTradeIds(d: TradingDesk): string[] {
  return d.core
    .getAllTrades()
    .map((t) => `alpha.${t.vtTradeId}`)
    .sort()
}

describe('a monitor that goes away while the desk trades', { timeout: 60_000 }, () => {
  it('catches up when it comes back: every trade of the absence, each exactly once', async () => {
    const nats = await server()
    const alpha = desk(nats.url)
    const cursors = new MemoryCursors()
    const first = monitor(nats.url, 'beta', cursors)
    await connected(first.desk)
    alpha.core.sendOrder(BUY, 'SIM')
    await until('the first trade on the monitor', () => first.trades.length > 0)
    await first.desk.close()

    for (let i = 0; i < 5; i++) alpha.core.sendOrder(BUY, 'SIM')
    await until('the desk to fill while the monitor is away', () => alpha.core.getAllTrades().length >= 6)

    // The monitor comes back with its cursor (what its journal keeps): it gets what it missed, and only that.
    const second = monitor(nats.url, 'beta', cursors)
    await connected(second.desk)
    const total = (): number => first.trades.length + second.trades.length
    await until('the catch-up', () => total() === alpha.core.getAllTrades().length)
    const seen = [...first.trades, ...second.trades].map((t) => t.vtTradeId).sort()
    expect(seen).toEqual(expectedTradeIds(alpha))
    expect(new Set(seen).size).toBe(seen.length)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(total()).toBe(alpha.core.getAllTrades().length)
  })

  it('a new monitor reads the day from the stream: every trade so far, each once', async () => {
    const nats = await server()
    const alpha = desk(nats.url)
    await until('the market', () => alpha.core.getContract(IF) !== undefined)
    for (let i = 0; i < 4; i++) alpha.core.sendOrder(BUY, 'SIM')
    await until('the fills', () => alpha.core.getAllTrades().length >= 4)
    await until('the stream', () => alpha.nats!.publisher.outbox.pending === 0)
    const late = monitor(nats.url, 'beta')
    await connected(late.desk)
    await until('the day', () => late.trades.length === alpha.core.getAllTrades().length)
    expect(
      late.desk.core
        .getAllTrades()
        .map((t) => t.vtTradeId)
        .sort(),
    ).toEqual(expectedTradeIds(alpha))
    expect(new Set(late.trades.map((t) => t.vtTradeId)).size).toBe(late.trades.length)
  })
})

describe('the NATS server going away', { timeout: 90_000 }, () => {
  it('leaves both desks serving, shows the state, and both resume without gaps or duplicates', async () => {
    const nats = await server()
    const alpha = desk(nats.url)
    const beta = monitor(nats.url, 'beta', new MemoryCursors())
    await connected(beta.desk)
    alpha.core.sendOrder(BUY, 'SIM')
    await until('a trade on the monitor', () => beta.trades.length === 1)

    await nats.stop()
    await until('the monitor to show the lost link', () =>
      beta.desk.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state !== 'connected'),
    )
    // The desk goes on: its own market and orders do not wait for NATS.
    for (let i = 0; i < 3; i++) alpha.core.sendOrder(BUY, 'SIM')
    await until('fills during the outage', () => alpha.core.getAllTrades().length >= 4)
    const orderDuringOutage = beta.desk.core.sendOrder(BUY, 'alpha')
    await until(
      'an order sent during the outage to be refused',
      () => beta.desk.core.getOrder(orderDuringOutage)?.status === 'REJECTED',
    )
    expect(beta.desk.core.getOrder(orderDuringOutage)?.rejectReason).toContain('not connected')

    await nats.start()
    await connected(beta.desk)
    await until(
      'the outage trades on the monitor',
      () => beta.desk.core.getAllTrades().length === alpha.core.getAllTrades().length,
    )
    expect(
      beta.desk.core
        .getAllTrades()
        .map((t) => t.vtTradeId)
        .sort(),
    ).toEqual(expectedTradeIds(alpha))
    expect(beta.trades.length).toBe(alpha.core.getAllTrades().length)
  })
})

describe('two monitors at once', { timeout: 60_000 }, () => {
  it('both see the desk, and an order from one shows on the other', async () => {
    const nats = await server()
    const alpha = desk(nats.url)
    const beta = monitor(nats.url, 'beta')
    const gamma = monitor(nats.url, 'gamma')
    await connected(beta.desk)
    await connected(gamma.desk)
    const vtOrderId = beta.desk.core.sendOrder(BUY, 'alpha')
    await until('the fill on beta', () => beta.desk.core.getOrder(vtOrderId)?.status === 'ALLTRADED')
    await until(
      'the trade on gamma',
      () => gamma.trades.length === alpha.core.getAllTrades().length && gamma.trades.length > 0,
    )
    // On gamma it is a foreign order: named by the desk's own id.
    const remote = alpha.core.getAllOrders().find((o) => o.reference.startsWith('remote:beta:'))!
    expect(gamma.desk.core.getOrder(`alpha.${remote.vtOrderId}`)?.status).toBe('ALLTRADED')
  })
})

describe('credentials', { timeout: 60_000 }, () => {
  it('a desk with a wrong password logs the refusal, never the password, and keeps serving locally', async () => {
    const nats = await server('authorization { user: desk, password: "right-horse-battery" }')
    const port = new URL(nats.url).port
    const alpha = desk(`nats://desk:wrong-password-42@127.0.0.1:${port}`)
    await until('the refusal in the log', () =>
      alpha.core.getAllLogs().some((l) => /authorization violation/i.test(l.message)),
    )
    expect(alpha.core.getAllLogs().some((l) => l.message.includes('wrong-password-42'))).toBe(false)
    await until(
      'the local market',
      () => alpha.core.getTick(IF) !== undefined || alpha.core.getAllContracts().length > 0,
    )
    const vtOrderId = alpha.core.sendOrder(BUY, 'SIM')
    await until('a local fill', () => alpha.core.getOrder(vtOrderId)?.status === 'ALLTRADED')
  })

  it('a desk and a monitor with the right password work', async () => {
    const nats = await server('authorization { user: desk, password: "right-horse-battery" }')
    const url = `nats://desk:right-horse-battery@127.0.0.1:${new URL(nats.url).port}`
    desk(url)
    const beta = monitor(url, 'beta')
    await connected(beta.desk)
  })
})

describe('garbage on a desk subject', { timeout: 60_000 }, () => {
  it('is dropped, counted, and logged once', async () => {
    const nats = await server()
    const alpha = desk(nats.url)
    const beta = monitor(nats.url, 'beta')
    await connected(beta.desk)
    const nc = await connect({ servers: nats.url })
    cleanup.push(() => nc.close())
    nc.publish('eventdesk.alpha.tick.IF2612~2ECFFEX', 'not json')
    nc.publish(
      'eventdesk.alpha.tick.IF2612~2ECFFEX',
      JSON.stringify({ v: 2, host: 'x', seq: 1, data: { lastPrice: 'high' } }),
    )
    nc.publish('eventdesk.alpha.contract.X', JSON.stringify({ v: 999, host: 'x', seq: 1, data: {} }))
    await nc.flush()
    await until(
      'the drops',
      () => beta.desk.core.getAllLogs().filter((l) => l.message.startsWith('Dropped a malformed message')).length === 1,
    )
    const gateway = beta.desk.core.getGateway('alpha') as NatsGateway
    await until('three drops counted', () => gateway.malformedCount === 3)
    alpha.core.sendOrder(BUY, 'SIM')
    await until('the mirror still working', () => beta.trades.length > 0)
    expect(beta.desk.core.getAllLogs().filter((l) => l.message.startsWith('Dropped a malformed message'))).toHaveLength(
      1,
    )
  })
})

describe('a tick frame with a bad row, and a tick from a desk of an older protocol', { timeout: 60_000 }, () => {
  it('passes the good ticks on in order, and drops and counts the bad row and the old message', async () => {
    const nats = await server()
    const alpha = desk(nats.url)
    const beta = monitor(nats.url, 'beta')
    await connected(beta.desk)
    const prices: number[] = []
    beta.desk.engine.register(EVENT_TICK, (event) => {
      if (event.data!.vtSymbol === XX.vtSymbol) prices.push(event.data!.lastPrice)
    })
    const nc = await connect({ servers: nats.url })
    cleanup.push(() => nc.close())
    const subject = 'eventdesk.alpha.tick.XX9999~2ELOCAL'
    const row = (lastPrice: number): number[] => tickRow({ ...XX, lastPrice })
    const rows = [row(1), rowChanges(row(1), row(NaN)), rowChanges(row(NaN), row(3))]
    nc.publish(subject, encodeTickFrame(alpha.hostSessionId, 1_000_000, identityOf(XX), rows))
    nc.publish(subject, JSON.stringify({ v: 3, host: alpha.hostSessionId, seq: 1, data: XX }))
    nc.publish(subject, encodeTickFrame(alpha.hostSessionId, 1_000_003, identityOf(XX), [row(4)]))
    await nc.flush()
    await until('the good ticks', () => prices.length === 3)
    expect(prices).toEqual([1, 3, 4])
    const gateway = beta.desk.core.getGateway('alpha') as NatsGateway
    expect(gateway.malformedCount).toBe(2)
    const drops = beta.desk.core.getAllLogs().filter((l) => l.message.startsWith('Dropped a malformed message'))
    expect(drops.map((l) => l.message)).toEqual([
      `Dropped a malformed message on ${subject}: not a valid tick: number 2 of a row must be a finite number`,
    ])
  })
})

describe('an order whose fate is unknown', { timeout: 60_000 }, () => {
  it('is marked so when the reply is late, and reconciled from the desk: it was received and filled', async () => {
    const nats = await server()
    const alpha = desk(nats.url)
    const m = createTradingDesk({
      noSim: true,
      nats: { url: nats.url, desk: 'beta' },
      remotes: [{ desk: 'alpha', requestTimeoutMs: 1 }],
    })
    cleanup.push(() => m.close())
    await connected(m)
    const vtOrderId = m.core.sendOrder(BUY, 'alpha')
    await until('the unknown fate said', () =>
      m.core.getAllLogs().some((l) => l.message.includes('its fate is unknown')),
    )
    await until('the reconciliation from the desk', () => m.core.getOrder(vtOrderId)?.status === 'ALLTRADED')
    const atDesk = alpha.core.getAllOrders().filter((o) => o.reference.startsWith('remote:beta:'))
    expect(atDesk).toHaveLength(1)
  })

  it('is refused at once when nobody serves the desk', async () => {
    const nats = await server()
    const alpha = desk(nats.url)
    const beta = monitor(nats.url, 'beta')
    await connected(beta.desk)
    await alpha.close()
    const vtOrderId = beta.desk.core.sendOrder(BUY, 'alpha')
    await until('the refusal', () => beta.desk.core.getOrder(vtOrderId)?.status === 'REJECTED')
    expect(beta.desk.core.getOrder(vtOrderId)?.rejectReason).toContain('not answering')
  })
})

/**
 * Desks across NATS, against a real nats-server: a desk publishes, a monitor
 * desk mirrors it through a NatsGateway, orders go across and fill, the
 * trade shows on both.
 */
import { jetstreamManager, type StreamConfig } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { startNatsServer, until, type NatsServer } from './nats-server'
import { marketBuy } from './ticks'

const IF = 'IF2612.CFFEX'

describe('a desk and a monitor desk on one NATS server', { timeout: 60_000 }, () => {
  let server: NatsServer
  let desk: TradingDesk
  let monitor: TradingDesk

  beforeAll(async () => {
    server = await startNatsServer()
    desk = createTradingDesk({ connectSim: { tickRate: 20, pollEvery: 1 }, nats: { url: server.url, desk: 'alpha' } })
    monitor = createTradingDesk({ noSim: true, nats: { url: server.url, desk: 'beta' }, remotes: [{ desk: 'alpha' }] })
  })
  afterAll(async () => {
    await monitor?.close()
    await desk?.close()
    await server?.dispose()
  })

  it('mirrors the remote desk: its contracts and ticks appear under the gateway named after it', async () => {
    await until('the remote contract', () => monitor.core.getContract(IF)?.gatewayName === 'alpha')
    monitor.core.subscribe({ symbol: 'IF2612', exchange: 'CFFEX' }, 'alpha')
    await until('a remote tick', () => monitor.core.getTick(IF)?.gatewayName === 'alpha')
    expect(monitor.core.getAllGatewayStatuses().find((s) => s.gatewayName === 'alpha')?.state).toBe('connected')
    expect(monitor.core.getAllContracts().map((c) => c.vtSymbol)).toEqual(
      expect.arrayContaining(desk.core.getAllContracts().map((c) => c.vtSymbol)),
    )
  })

  it('answers the monitor’s chart from the desk, in the interval asked, no further back than asked', async () => {
    await until('the remote contract', () => monitor.core.getContract(IF)?.gatewayName === 'alpha')
    const now = monitor.core.now()
    const hour = 3_600_000
    const bars = await monitor.core.queryHistory(
      { symbol: 'IF2612', exchange: 'CFFEX', interval: '5m', start: now - 2 * hour },
      'alpha',
    )
    expect(bars.length).toBeGreaterThanOrEqual(23)
    expect(bars.length).toBeLessThanOrEqual(25)
    expect(bars.every((bar) => bar.interval === 5 && bar.gatewayName === 'alpha')).toBe(true)
  })

  it("does not publish the mirrored desk's objects again under its own name", async () => {
    const nc = await connect({ servers: server.url })
    let echoed = 0
    let original = 0
    nc.subscribe('eventdesk.beta.tick.>', { callback: () => void echoed++ })
    nc.subscribe('eventdesk.alpha.tick.>', { callback: () => void original++ })
    try {
      await until('the mirror', () => monitor.core.getContract(IF)?.gatewayName === 'alpha')
      monitor.core.subscribe({ symbol: 'IF2612', exchange: 'CFFEX' }, 'alpha')
      await until('ticks from alpha', () => original > 20)
      expect(echoed).toBe(0)
    } finally {
      await nc.close()
    }
  })

  it('sends an order across: it fills on the desk, and the trade appears on both', async () => {
    await until('the mirror', () => monitor.core.getTick(IF) !== undefined)
    const vtOrderId = monitor.core.sendOrder(marketBuy(2), 'alpha')
    expect(vtOrderId.startsWith('alpha.')).toBe(true)
    await until('the fill on the monitor', () => monitor.core.getOrder(vtOrderId)?.status === 'ALLTRADED')
    const remoteTrades = desk.core.getAllTrades().filter((t) => t.reference.startsWith('remote:beta:'))
    expect(remoteTrades.length).toBeGreaterThan(0)
    await until('the trades on the monitor', () => monitor.core.getAllTrades().length === remoteTrades.length)
    const mirrored = monitor.core.getAllTrades()
    expect(mirrored.every((t) => t.vtOrderId === vtOrderId && t.gatewayName === 'alpha')).toBe(true)
    expect(mirrored.reduce((sum, t) => sum + t.volume, 0)).toBe(2)
  })

  it('shows an order sent on the desk itself, and cancels it from the monitor', async () => {
    const tick = desk.core.getTick(IF)!
    const low = Math.round((tick.bidPrice1 * 0.9) / 0.2) * 0.2
    const vtOrderId = desk.core.sendOrder(
      { symbol: 'IF2612', exchange: 'CFFEX', direction: 'LONG', offset: 'OPEN', type: 'LIMIT', price: low, volume: 1 },
      'SIM',
    )
    const mirroredId = `alpha.${vtOrderId}`
    await until('the resting order on the monitor', () => monitor.core.getOrder(mirroredId)?.status === 'NOTTRADED')
    monitor.core.cancelOrder({ orderId: vtOrderId, symbol: 'IF2612', exchange: 'CFFEX' }, 'alpha')
    await until('the cancel on the desk', () => desk.core.getOrder(vtOrderId)?.status === 'CANCELLED')
    await until('the cancel on the monitor', () => monitor.core.getOrder(mirroredId)?.status === 'CANCELLED')
  })
})

describe('a remote desk that restarts', { timeout: 60_000 }, () => {
  it('is noticed by its host session id and taken afresh', async () => {
    const server = await startNatsServer()
    try {
      const first = createTradingDesk({ connectSim: { tickRate: 20 }, nats: { url: server.url, desk: 'alpha' } })
      const monitor = createTradingDesk({
        noSim: true,
        nats: { url: server.url, desk: 'beta' },
        remotes: [{ desk: 'alpha' }],
      })
      try {
        await until('the mirror', () =>
          monitor.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state === 'connected'),
        )
        await first.close()
        const second = createTradingDesk({ connectSim: { tickRate: 20 }, nats: { url: server.url, desk: 'alpha' } })
        try {
          await until('the new desk market', () => second.core.getContract(IF) !== undefined)
          const vtOrderId = second.core.sendOrder(marketBuy(), 'SIM')
          await until('the restart noticed', () =>
            monitor.core.getAllLogs().some((l) => l.message.includes('restarted')),
          )
          await until(
            'the new desk mirrored',
            () => monitor.core.getOrder(`alpha.${vtOrderId}`)?.status === 'ALLTRADED',
          )
        } finally {
          await second.close()
        }
      } finally {
        await monitor.close()
      }
    } finally {
      await server.dispose()
    }
  })
})

describe("the desk's stream", { timeout: 60_000 }, () => {
  it('is bounded by the age and size it is given, and keeps orders, trades, logs and strategy state', async () => {
    const server = await startNatsServer()
    const desk = createTradingDesk({
      connectSim: false,
      nats: { url: server.url, desk: 'alpha', stream: { maxAgeMs: 3_600_000, maxBytes: 8 * 1024 * 1024 } },
    })
    const nc = await connect({ servers: server.url })
    try {
      const jsm = await jetstreamManager(nc)
      let config: StreamConfig | undefined
      await until('the stream', () => {
        void jsm.streams.info('EVENTDESK_alpha').then(
          (info) => (config = info.config),
          () => undefined,
        )
        return config !== undefined
      })
      expect(config!.max_age).toBe(3_600_000 * 1_000_000)
      expect(config!.max_bytes).toBe(8 * 1024 * 1024)
      expect(config!.subjects).toEqual(
        expect.arrayContaining([
          'eventdesk.alpha.order.>',
          'eventdesk.alpha.trade.>',
          'eventdesk.alpha.log',
          'eventdesk.alpha.strategy.>',
        ]),
      )
      expect(config!.subjects).not.toContain('eventdesk.alpha.tick.>')
    } finally {
      await nc.close()
      await desk.close()
      await server.dispose()
    }
  })
})

describe('a remote desk added from a window', { timeout: 60_000 }, () => {
  it('is mirrored as a gateway, once, with its credentials kept out of the log', async () => {
    const server = await startNatsServer({ config: 'authorization { user: desk, password: "horse-battery-staple" }' })
    const url = `nats://desk:horse-battery-staple@127.0.0.1:${new URL(server.url).port}`
    const alpha = createTradingDesk({ connectSim: { tickRate: 20 }, nats: { url, desk: 'alpha' } })
    const beta = createTradingDesk({ noSim: true })
    const window = beta.bridge.open(() => {}, 'window 1')
    try {
      const added = await beta.bridge.handle(window, 'gateway:addRemote', {
        desk: 'alpha',
        url: `nats://127.0.0.1:${new URL(server.url).port}`,
        user: 'desk',
        password: 'horse-battery-staple',
      })
      expect(added).toEqual({ ok: true, value: null })
      await until('the mirror', () =>
        beta.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state === 'connected'),
      )
      expect(beta.core.getAllContracts().length).toBeGreaterThan(0)
      const again = await beta.bridge.handle(window, 'gateway:addRemote', { desk: 'alpha', url: server.url })
      expect(again).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } })
      const bad = await beta.bridge.handle(window, 'gateway:addRemote', { desk: 'a.b', url: 'http://x' })
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
      expect(beta.core.getAllLogs().some((l) => l.message.includes('added by window 1'))).toBe(true)
      expect(beta.core.getAllLogs().some((l) => l.message.includes('horse-battery-staple'))).toBe(false)
    } finally {
      window.dispose()
      await beta.close()
      await alpha.close()
      await server.dispose()
    }
  })
})

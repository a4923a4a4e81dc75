/**
 * One WebSocket client floods the headless host with commands and orders
 * (issue 10, defect 6): its flood is refused for it alone, another client's
 * order still goes through, and /api/stats answers meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { WEBSOCKET_PATH, type HostStats, type Result, type WireMessage } from '../../src/shared/contract'
import type { Order } from '../../src/shared/objects'

const TOKEN = 'flood-test-token-0123456789'
const RB = 'rb2701.SHFE'

let desk: TradingDesk
let host: WebSocketHost

beforeAll(async () => {
  desk = createTradingDesk({ connectSim: { tickRate: 20 } })
  await desk.engine.idle()
  desk.core.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
  host = new WebSocketHost({ bridge: desk.bridge, token: TOKEN, heartbeatMs: 60_000 })
  await host.listen()
  const end = Date.now() + 10_000
  while (desk.core.getTick(RB) === undefined && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
})

afterAll(async () => {
  await host.close()
  await desk.close()
})

/** A raw wire client: sends commands without waiting, collects every reply by id. */
async function client() {
  const ws = new WebSocket(`ws://127.0.0.1:${host.address.port}${WEBSOCKET_PATH}?token=${TOKEN}`)
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const replies = new Map<number, Result<unknown>>()
  const waiting = new Map<number, () => void>()
  let nextId = 1
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as WireMessage
    if ('id' in message) {
      replies.set(message.id, message.result)
      waiting.get(message.id)?.()
    }
  })
  return {
    ws,
    replies,
    send(channel: string, request: unknown): number {
      const id = nextId++
      ws.send(JSON.stringify({ id, channel, request }))
      return id
    },
    reply(id: number): Promise<Result<unknown>> {
      const known = replies.get(id)
      if (known !== undefined) return Promise.resolve(known)
      return new Promise((resolve) => waiting.set(id, () => resolve(replies.get(id)!)))
    },
  }
}

function restingOrder() {
  const tick = desk.core.getTick(RB)!
  return { vtSymbol: RB, direction: 'LONG', offset: 'OPEN', type: 'LIMIT', price: tick.bidPrice1 - 50, volume: 1 }
}

describe('a flooding WebSocket client', () => {
  it("is refused for itself alone: another client's order goes through and /api/stats answers", async () => {
    const flooder = await client()
    const other = await client()
    const floodSize = 10_000
    let last = 0
    for (let i = 0; i < floodSize; i++)
      last = i % 10 === 0 ? flooder.send('order:send', restingOrder()) : flooder.send('no:such', { junk: i })
    const stats = await fetch(`http://127.0.0.1:${host.address.port}/api/stats`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
    expect(stats.status).toBe(200)
    expect(((await stats.json()) as HostStats).sessions).toBe(2)

    const sent = await other.reply(other.send('order:send', restingOrder()))
    expect(sent.ok).toBe(true)
    await flooder.reply(last)
    const refused = [...flooder.replies.values()].filter((r) => !r.ok && r.error.code === 'RESOURCE_EXHAUSTED')
    expect(refused.length).toBeGreaterThan(floodSize * 0.9)
    expect(refused[0]).toMatchObject({ error: { message: expect.stringMatching(/^This session /) } })

    await desk.engine.idle()
    const vtOrderId = (sent as { value: { vtOrderId: string } }).value.vtOrderId
    const order: Order | undefined = desk.core.getOrder(vtOrderId)
    expect(order?.status).not.toBe('REJECTED')
    flooder.ws.close()
    other.ws.close()
  }, 30_000)
})

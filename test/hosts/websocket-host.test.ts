import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createApi } from '../../src/client/api'
import { createWebSocketTransport, type WebSocketLike } from '../../src/client/websocket-transport'
import type { Batch, HostStats, WireMessage } from '../../src/shared/contract'
import {
  TOKEN,
  httpRequest,
  openSocket,
  openTestHost,
  until,
  wireMessage,
  wsUrl as urlFor,
  type TestHost,
} from './host-fixture'

let test: TestHost
let host: TestHost['host']
let origin: string
let baseline: number

beforeAll(async () => {
  test = await openTestHost()
  host = test.host
  expect(test.url).toBe(`http://127.0.0.1:${test.port}/?token=${TOKEN}`)
  test.desk.core.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
  origin = test.origin
  baseline = test.desk.engine.handlerCount()
})

afterAll(async () => {
  await test.close()
})

const wsUrl = (token = TOKEN): string => urlFor(test.port, token)

/** Resolves with the open socket, or rejects with the HTTP status the upgrade was refused with. */
const connect = (token = TOKEN, from: string | undefined = origin): Promise<WebSocket> =>
  openSocket(wsUrl(token), from === undefined ? {} : { origin: from })

/** A raw wire client: numbered commands, replies by id, batches collected. */
function client(ws: WebSocket) {
  const batches: Batch[] = []
  const waiting = new Map<number, (message: WireMessage) => void>()
  let nextId = 1
  ws.on('message', (data) => {
    const message = wireMessage(data)
    if ('batch' in message) batches.push(message.batch)
    else waiting.get(message.id)?.(message)
  })
  return {
    batches,
    invoke(channel: unknown, request: unknown): Promise<WireMessage> {
      const id = nextId++
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        ws.send(JSON.stringify({ id, channel, request }))
      })
    },
  }
}

const get = (path: string, headers: Record<string, string> = {}) => httpRequest(test.port, path, headers)

async function stats(): Promise<HostStats> {
  const res = await get(`/api/stats?token=${TOKEN}`)
  expect(res.status).toBe(200)
  return JSON.parse(res.body) as HostStats
}

describe('WebSocketHost', () => {
  it('serves two clients; closing one releases its handlers, as /api/stats shows', async () => {
    const a = await connect()
    const b = await connect()
    const ca = client(a)
    const cb = client(b)
    expect(await ca.invoke('session:subscribe', {})).toMatchObject({ result: { ok: true } })
    expect(await cb.invoke('session:subscribe', {})).toMatchObject({ result: { ok: true } })
    await until(() => ca.batches.length > 0 && cb.batches.length > 0)
    expect(ca.batches[0].snapshot?.contracts.length).toBeGreaterThan(0)
    const both = await stats()
    expect(both).toMatchObject({
      sessions: 2,
      uptime: expect.any(Number),
      metrics: { dispatchedTotal: expect.any(Number) },
    })
    const perSession = (both.handlerCount - baseline) / 2
    expect(perSession).toBeGreaterThan(0)

    a.close()
    await until(async () => (await stats()).sessions === 1)
    expect((await stats()).handlerCount).toBe(baseline + perSession)
    // The other client carries on.
    const seen = cb.batches.length
    await cb.invoke('session:ack', { seq: cb.batches.at(-1)!.seq })
    await until(() => cb.batches.length > seen)
    b.terminate() // a tab killed without a close frame ends the same way
    await until(async () => (await stats()).sessions === 0)
    expect((await stats()).handlerCount).toBe(baseline)
  })

  it("names each client's session by its address in the log of a settings change it makes", async () => {
    const ws = await connect()
    const changed = await client(ws).invoke('settings:change', { changes: { 'risk.maxOrderVolume': 7 } })
    expect(changed).toMatchObject({ result: { ok: true } })
    await test.desk.engine.idle()
    const logged = test.desk.core.getAllLogs().map((log) => log.message)
    expect(logged).toContainEqual(
      expect.stringMatching(/^Settings changed by client 127\.0\.0\.1:\d+: risk\.maxOrderVolume 0 → 7$/),
    )
    await client(ws).invoke('settings:change', { changes: { 'risk.maxOrderVolume': 0 } })
    ws.close()
    await until(async () => (await stats()).sessions === 0)
  })

  it('refuses a socket without the right token, or from a foreign origin', async () => {
    await expect(connect('wrong-token-0123456789abcdef')).rejects.toThrow('HTTP 401')
    await expect(connect('')).rejects.toThrow('HTTP 401')
    await expect(connect(TOKEN, 'https://evil.example')).rejects.toThrow('HTTP 403')
    await expect(connect(TOKEN, 'http://127.0.0.1:1')).rejects.toThrow('HTTP 403')
    // The page's own origin under either loopback name, and tools that send no Origin, are let in.
    ;(await connect(TOKEN, `http://localhost:${host.address.port}`)).close()
    ;(await connect(TOKEN, undefined)).close()
    await until(async () => (await stats()).sessions === 0)
  })

  it('guards /api/stats with the token and serves the page with its security headers', async () => {
    expect((await get('/api/stats')).status).toBe(401)
    expect((await get('/api/stats?token=nope')).status).toBe(401)
    expect((await get('/api/stats', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200)
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>EventDesk</title>')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect((await get('/../../../../etc/passwd')).status).toBe(404)
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
    // DNS rebinding: a page at another name that resolves here is refused.
    expect((await get('/', { Host: `evil.example:${host.address.port}` })).status).toBe(403)
  })

  it('answers malformed wire commands with errors and closes a socket that sends garbage', async () => {
    const ws = await connect()
    const c = client(ws)
    const before = await stats()
    const replies = await Promise.all([
      c.invoke('order:send', { vtSymbol: 42 }),
      c.invoke('nope', {}),
      c.invoke('order:cancelAll', []),
      c.invoke('gateway:connect', JSON.parse('{"gatewayName":"SIM","__proto__":{"x":1}}')),
      c.invoke({ channel: 'order:send' }, null),
    ])
    for (const reply of replies) expect(reply).toMatchObject({ result: { ok: false } })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('not json')
    expect(await closed).toBe(1007)
    await until(async () => (await stats()).sessions === before.sessions - 1)
    expect((await get('/api/stats?token=' + TOKEN)).status).toBe(200) // still up
  })

  it('gives the browser the same API over WebSocket: snapshot, acks, reconnect with a fresh snapshot', async () => {
    const sockets: WebSocket[] = []
    const transport = createWebSocketTransport({
      url: wsUrl(),
      connect: (url) => {
        const ws = new WebSocket(url, { origin })
        sockets.push(ws)
        return ws as unknown as WebSocketLike
      },
      maxBackoffMs: 100,
    })
    const api = createApi(transport)
    const batches: Batch[] = []
    const states: string[] = []
    // The window acknowledges what it applied, as the renderer's live store does once per frame.
    api.on('batch', (batch) => {
      batches.push(batch)
      void api.invoke('session:ack', { seq: batch.seq })
    })
    api.on('connection', (state) => states.push(state))
    expect(await api.invoke('session:subscribe', { kinds: ['tick', 'order', 'log'] })).toEqual({
      ok: true,
      value: null,
    })
    await until(() => batches.length >= 3)
    expect(batches[0].snapshot).toBeDefined()
    expect(batches.map((b) => b.seq).slice(0, 3)).toEqual([1, 2, 3])

    // The host drops the connection: the transport reconnects and the API subscribes again.
    sockets[0].terminate()
    await until(() => batches.some((b, i) => i > 0 && b.snapshot !== undefined))
    expect(states).toContain('closed')
    expect(states.at(-1)).toBe('open')
    const reply = await api.invoke('order:cancel', { vtOrderId: 'SIM.none' })
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })

    transport.close()
    await until(async () => (await stats()).sessions === 0)
    expect(await api.invoke('stats:get', {})).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } })
  })
})

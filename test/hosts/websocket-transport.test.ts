import { describe, expect, it } from 'vitest'
import { createWebSocketTransport, pageWebSocketUrl, type WebSocketLike } from '../../src/client/websocket-transport'

/** A socket the test opens, answers and closes by hand. */
class FakeSocket implements WebSocketLike {
  readyState = 0
  onopen: ((event: unknown) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  readonly sent: string[] = []
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data)
  }
  close(): void {
    this.drop()
  }
  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }
  drop(code = 1006): void {
    this.readyState = 3
    this.onclose?.({ code })
  }
  reply(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) })
  }
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A transport whose sockets the test opens and drops by hand, in the order they were made. */
function overFakeSockets(maxBackoffMs: number) {
  const sockets: FakeSocket[] = []
  const transport = createWebSocketTransport({
    url: 'ws://host/api/ws',
    connect: (url) => {
      const socket = new FakeSocket(url)
      sockets.push(socket)
      return socket
    },
    maxBackoffMs,
  })
  return { sockets, transport }
}

describe('the WebSocket transport', () => {
  it('connects to the page host, wss under https, with the page token only when the address still has one', () => {
    expect(pageWebSocketUrl({ protocol: 'http:', host: '127.0.0.1:8787', search: '?token=a%2Bb' })).toBe(
      'ws://127.0.0.1:8787/api/ws?token=a%2Bb',
    )
    // Opened through the host's redirect, the page has the token in its cookie, which the upgrade carries.
    expect(pageWebSocketUrl({ protocol: 'https:', host: 'desk.example', search: '' })).toBe('wss://desk.example/api/ws')
  })

  it('holds a command until the socket opens, pairs replies by id, and fails what was in flight when it drops', async () => {
    const { sockets, transport } = overFakeSockets(20)
    const states: string[] = []
    transport.onConnection((state) => states.push(state))
    const first = transport.invoke('stats:get', {})
    await tick(5)
    expect(sockets[0].sent).toEqual([]) // not open yet
    sockets[0].open()
    await tick(0)
    const sent = JSON.parse(sockets[0].sent[0]) as { id: number; channel: string }
    expect(sent).toMatchObject({ channel: 'stats:get', request: {} })
    sockets[0].reply({ id: sent.id, result: { ok: true, value: 42 } })
    expect(await first).toEqual({ ok: true, value: 42 })

    const batches: number[] = []
    transport.onBatch((batch) => batches.push(batch.seq))
    sockets[0].reply({ batch: { seq: 7, items: {} } })
    expect(batches).toEqual([7])

    const inFlight = transport.invoke('order:cancelAll', {})
    await tick(0)
    sockets[0].drop()
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } })
    await tick(300) // backoff, then a new socket
    expect(sockets.length).toBe(2)
    sockets[1].open()
    expect(states).toEqual(['open', 'closed', 'connecting', 'open'])
    transport.close()
    expect(await transport.invoke('stats:get', {})).toMatchObject({ ok: false })
  })

  it('fails a command that waited too long for the connection', async () => {
    const transport = createWebSocketTransport({
      url: 'ws://host/api/ws?token=t',
      connect: (url) => new FakeSocket(url),
      connectTimeoutMs: 30,
    })
    expect(await transport.invoke('stats:get', {})).toEqual({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'Not connected to the host' },
    })
    transport.close()
  })

  it('waits the longest backoff before coming back after the host closed it for being too slow', async () => {
    const { sockets, transport } = overFakeSockets(400)
    sockets[0].open()
    sockets[0].drop(4008)
    await tick(300) // an ordinary drop would have been retried by now (250 ms)
    expect(sockets.length).toBe(1)
    await tick(200)
    expect(sockets.length).toBe(2)
    transport.close()
  })
})

/** A client that sends but does not read costs the host bounded memory, and is let go when it makes no progress. */
import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import type { Bridge } from '../../src/main/bridge'
import { openSocket, openTestHost, until, wireMessage, wsUrl, type TestHost } from './host-fixture'

const MiB = 1024 * 1024
/** A day of minute bars: 93 bytes asked, about 370 KB answered. */
const HISTORY = { vtSymbol: 'IF2612.CFFEX', interval: '1m' }

let test: TestHost | undefined

afterEach(async () => {
  await test?.close()
  test = undefined
})

/** Counts the commands the bridge was asked to handle; `gate`, while set, holds every answer back. */
function countCommands(bridge: Bridge): { handled: number; gate: Promise<void> | undefined } {
  const counter = { handled: 0, gate: undefined as Promise<void> | undefined }
  const handle = bridge.handle.bind(bridge)
  bridge.handle = async (session, channel, payload) => {
    counter.handled++
    await counter.gate
    return handle(session, channel, payload)
  }
  return counter
}

/** Sends `count` numbered commands at once; resolves with the ids of the replies in the order they came. */
function sendAll(ws: WebSocket, count: number, channel: string, request: unknown): Promise<number[]> {
  const ids: number[] = []
  return new Promise((resolve) => {
    ws.on('message', (data) => {
      const message = wireMessage(data)
      if ('id' in message) ids.push(message.id)
      if (ids.length === count) resolve(ids)
    })
    for (let id = 1; id <= count; id++) ws.send(JSON.stringify({ id, channel, request }))
  })
}

const oneToN = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1)

describe('flow control per client', () => {
  it('stops reading from a client that does not read its replies, and answers every command once it does', async () => {
    test = await openTestHost()
    const commands = countCommands(test.desk.bridge)
    const ws = await openSocket(wsUrl(test.port), { origin: test.origin })
    ws.pause()
    const replies = sendAll(ws, 100, 'market:history', HISTORY)
    const client = () => test!.host.clientStats()[0]
    await until(() => (client().unreadBytes >= 8 * MiB && !client().reading) || commands.handled === 100)
    expect(commands.handled).toBeLessThan(100)
    expect(client().commandsInFlight).toBeLessThanOrEqual(64)
    // At most the 8 MiB cap plus the one reply that crossed it, counting what the kernel's buffers took.
    expect(client().unreadBytes).toBeLessThan(9 * MiB)
    expect(client().bufferedAmount).toBeLessThan(9 * MiB)
    ws.resume()
    expect(await replies).toEqual(oneToN(100))
    ws.close()
  }, 30_000)

  it('lets at most 64 commands of one client wait for their replies', async () => {
    test = await openTestHost()
    const commands = countCommands(test.desk.bridge)
    let release = (): void => {}
    commands.gate = new Promise((resolve) => (release = resolve))
    const ws = await openSocket(wsUrl(test.port), { origin: test.origin })
    const replies = sendAll(ws, 200, 'stats:get', {})
    await until(() => test!.host.clientStats()[0].commandsInFlight === 64 || commands.handled === 200)
    expect(commands.handled).toBe(64)
    expect(test.host.clientStats()[0].reading).toBe(false)
    release()
    expect(await replies).toEqual(oneToN(200))
    expect(test.host.clientStats()[0]).toMatchObject({ commandsInFlight: 0, reading: true })
    ws.close()
  })

  it('closes a client that makes no progress with 4008 and a reason that says it was too slow', async () => {
    test = await openTestHost({ flow: { maxBufferedBytes: MiB, stallTimeoutMs: 200 } })
    const ws = await openSocket(wsUrl(test.port), { origin: test.origin })
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    )
    ws.pause()
    for (let id = 1; id <= 100; id++) ws.send(JSON.stringify({ id, channel: 'market:history', request: HISTORY }))
    // The host gives up on it (its session ends) while the client is still not reading…
    await until(() => test!.host.clientCount === 0)
    // …and the client, when it reads again, learns why.
    ws.resume()
    const { code, reason } = await closed
    expect(code).toBe(4008)
    expect(reason).toMatch(/too slow/i)
  })

  it('holds clients that never read to the host’s budget, however many, and keeps serving one that reads', async () => {
    test = await openTestHost({ flow: { maxBufferedBytes: MiB, maxHostBufferedBytes: 2 * MiB } })
    const reader = await openSocket(wsUrl(test.port), { origin: test.origin })
    expect(await sendAll(reader, 1, 'market:history', HISTORY)).toEqual([1])
    const attackers = await Promise.all(
      Array.from({ length: 30 }, () => openSocket(wsUrl(test!.port), { origin: test!.origin })),
    )
    for (const ws of attackers) {
      ws.pause()
      for (let id = 1; id <= 40; id++) ws.send(JSON.stringify({ id, channel: 'market:history', request: HISTORY }))
    }
    const clients = () => test!.host.clientStats()
    const unread = () => clients().reduce((sum, client) => sum + client.unreadBytes, 0)
    await until(() => clients().filter((client) => client.commandsWaiting > 0).length === attackers.length)
    // The budget and the one reply that crossed it, counting what the kernel took, whatever the number of clients.
    expect(unread()).toBeLessThan(2 * MiB + 400_000)
    const more = new Promise<number[]>((resolve) => {
      const ids: number[] = []
      reader.on('message', (data) => {
        const message = wireMessage(data)
        if ('id' in message && message.id > 1) ids.push(message.id)
        if (ids.length === 10) resolve(ids)
      })
    })
    for (let id = 2; id <= 11; id++) reader.send(JSON.stringify({ id, channel: 'market:history', request: HISTORY }))
    expect(await more).toEqual(oneToN(11).slice(1))
    expect(unread()).toBeLessThan(2 * MiB + 2 * 400_000)
    for (const ws of [...attackers, reader]) ws.terminate()
  })
})

describe('the heartbeat', () => {
  it('closes a client that keeps sending but never answers a ping', async () => {
    test = await openTestHost({ heartbeatMs: 50 })
    const ws = await openSocket(wsUrl(test.port), { origin: test.origin, autoPong: false })
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()))
    const chatter = setInterval(() => ws.send(JSON.stringify({ id: 1, channel: 'stats:get', request: {} })), 10)
    await closed
    clearInterval(chatter)
    await until(() => test!.host.clientCount === 0)
  })
})

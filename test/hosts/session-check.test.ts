/** The page's question before it opens a socket, asked of a real host. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { checkSession, watchSignOut } from '../../src/client/session-check'
import { createWebSocketTransport, type WebSocketLike } from '../../src/client/websocket-transport'
import { WEBSOCKET_PATH } from '../../src/shared/contract'
import { PROTOCOL_VERSION } from '../../src/shared/protocol'
import { TOKEN, openTestHost, type TestHost } from './host-fixture'

let test: TestHost

beforeAll(async () => {
  test = await openTestHost()
})

afterAll(async () => {
  await test.close()
})

describe('the page’s session check', () => {
  it('is signed out without a token or with a wrong one', async () => {
    expect(await checkSession({ origin: test.origin, search: '' })).toEqual({ state: 'signed-out' })
    expect(await checkSession({ origin: test.origin, search: '?token=wrong-token-0123456789' })).toEqual({
      state: 'signed-out',
    })
  })

  it('is signed in with the token the address still carries, and learns the host session', async () => {
    expect(await checkSession({ origin: test.origin, search: `?token=${TOKEN}` })).toEqual({
      state: 'signed-in',
      session: { protocolVersion: PROTOCOL_VERSION, hostSessionId: test.desk.hostSessionId },
    })
  })

  it('does not know when the host cannot be reached or predates /api/session, and lets the desk start', async () => {
    const refused = async (): Promise<Response> => Promise.reject(new TypeError('fetch failed'))
    expect(await checkSession({ origin: test.origin, search: '' }, refused)).toEqual({ state: 'unknown' })
    const older = async (): Promise<Response> => new Response('Not found', { status: 404 })
    expect(await checkSession({ origin: test.origin, search: '' }, older)).toEqual({ state: 'unknown' })
  })
})

describe('a served page whose host comes back with another token', () => {
  it('learns it is signed out on its next reconnect, and stops knocking; a host merely down is not a sign-out', async () => {
    const first = await openTestHost()
    const { port, origin } = first
    const transport = createWebSocketTransport({
      url: `ws://127.0.0.1:${port}${WEBSOCKET_PATH}?token=${TOKEN}`,
      connect: (url) => new WebSocket(url) as unknown as WebSocketLike,
      maxBackoffMs: 50,
    })
    let checks = 0
    let signedOut = 0
    const stop = watchSignOut(
      transport,
      () => signedOut++,
      () => {
        checks++
        return checkSession({ origin, search: `?token=${TOKEN}` })
      },
    )
    await expect.poll(() => transport.connection()).toBe('open')

    // Down: every check finds nobody, and the page keeps reconnecting.
    await first.close()
    await expect.poll(() => checks, { timeout: 10_000 }).toBeGreaterThan(1)
    expect(signedOut).toBe(0)

    // Back on the same port with a token this page does not hold (a restart without --token picks a new one).
    const second = await openTestHost({ port, token: 'another-token-0123456789abcdef' })
    await expect.poll(() => signedOut, { timeout: 10_000 }).toBe(1)
    // The transport is shut: no more attempts to knock (and no more checks).
    const afterSignOut = checks
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(transport.connection()).toBe('closed')
    expect(checks).toBe(afterSignOut)
    expect(second.desk.bridge.stats().sessions).toBe(0)
    stop()
    await second.close()
  })
})

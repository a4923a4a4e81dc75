/** The page's question before it opens a socket, asked of a real host. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkSession } from '../../src/client/session-check'
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

/** Who gets in, by which door: request targets, methods, the token in its three forms, and /api/session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION, type SessionInfo } from '../../src/shared/protocol'
import {
  TOKEN,
  httpRequest,
  openSocket,
  openTestHost,
  rawExchange,
  until,
  upgradeRequest,
  wsUrl,
  type TestHost,
} from './host-fixture'

let test: TestHost
let cookieName: string

beforeAll(async () => {
  test = await openTestHost()
  cookieName = `eventdesk_${test.port}`
})

afterAll(async () => {
  await test.close()
})

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  httpRequest(test.port, path, headers, method)

const stillUp = async (): Promise<void> => {
  expect((await get(`/api/stats?token=${TOKEN}`)).status).toBe(200)
}

/** The `name=value` pair of the host's Set-Cookie, and its attributes. */
function setCookie(headers: Record<string, string | string[] | undefined>): string[] {
  const value = headers['set-cookie']
  return (Array.isArray(value) ? value[0] : (value ?? '')).split(';').map((part) => part.trim())
}

describe('request targets', () => {
  it('answers an upgrade with a malformed target, before any token, with an error and stays up', async () => {
    for (const target of ['//%', '//[', '//:99999/', '/api/ws?token=%', '/%zz', 'http://[/api/ws']) {
      const status = await rawExchange(test.port, upgradeRequest(test.port, target))
      expect([400, 401, 404], target).toContain(status)
    }
    await stillUp()
  })

  it('answers a plain request with a malformed target with an error', async () => {
    for (const target of ['//%', '//[', '/%zz', '*']) {
      const request = `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${test.port}\r\nConnection: close\r\n\r\n`
      expect([400, 404], target).toContain(await rawExchange(test.port, request))
    }
    await stillUp()
  })

  it('does not take //x/api/ws for the socket path, nor //x/api/stats for the stats', async () => {
    const status = await rawExchange(test.port, upgradeRequest(test.port, `//x/api/ws?token=${TOKEN}`))
    expect(status).toBe(404)
    expect((await get(`//x/api/stats?token=${TOKEN}`)).status).toBe(404)
    expect((await get(`//x/api/session?token=${TOKEN}`)).status).toBe(404)
    expect(await rawExchange(test.port, upgradeRequest(test.port, `/api/ws?token=${TOKEN}`))).toBe(101)
  })
})

describe('the API answers GET and HEAD only', () => {
  it('refuses other methods on /api/stats and /api/session with 405 and Allow', async () => {
    for (const path of ['/api/stats', '/api/session']) {
      for (const method of ['POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS']) {
        const answer = await get(`${path}?token=${TOKEN}`, {}, method)
        expect(answer.status, `${method} ${path}`).toBe(405)
        expect(answer.headers.allow).toBe('GET, HEAD')
      }
      const head = await get(`${path}?token=${TOKEN}`, {}, 'HEAD')
      expect(head.status).toBe(200)
      expect(head.body).toBe('')
    }
  })
})

describe('the token', () => {
  it('moves from the address to an HttpOnly, SameSite=Strict cookie named for the port', async () => {
    const answer = await get(`/?token=${encodeURIComponent(TOKEN)}`)
    expect(answer.status).toBe(302)
    expect(answer.headers.location).toBe('/')
    const [pair, ...attributes] = setCookie(answer.headers)
    expect(pair.startsWith(`${cookieName}=`)).toBe(true)
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']))
    // The cookie alone now opens the socket, /api/stats and /api/session.
    const cookie = { Cookie: `other=1; ${pair}` }
    expect((await get('/api/stats', cookie)).status).toBe(200)
    expect((await get('/api/session', cookie)).status).toBe(200)
    const ws = await openSocket(`ws://127.0.0.1:${test.port}/api/ws`, { headers: cookie, origin: test.origin })
    ws.close()
    await until(() => test.host.clientCount === 0)
  })

  it('gives no cookie for a wrong token, and serves the page that will ask for the right one', async () => {
    const answer = await get('/?token=wrong-token-0123456789abcdef')
    expect(answer.status).toBe(200)
    expect(answer.headers['set-cookie']).toBeUndefined()
    expect(answer.body).toContain('<title>EventDesk</title>')
  })

  it('refuses a cookie with the wrong token, or the right token under another port’s name', async () => {
    expect((await get('/api/stats', { Cookie: `${cookieName}=wrong-token-0123456789abcdef` })).status).toBe(401)
    expect((await get('/api/stats', { Cookie: `eventdesk_1=${encodeURIComponent(TOKEN)}` })).status).toBe(401)
    expect((await get('/api/stats', { Cookie: `${cookieName}=%` })).status).toBe(401)
    await expect(
      openSocket(`ws://127.0.0.1:${test.port}/api/ws`, {
        headers: { Cookie: `${cookieName}=wrong-token-0123456789abcdef` },
        origin: test.origin,
      }),
    ).rejects.toThrow('HTTP 401')
  })

  it('is refused when it differs only in length, either way', async () => {
    for (const token of [TOKEN.slice(0, -1), `${TOKEN}x`, `${TOKEN}${TOKEN}`, ''])
      expect((await get('/api/stats', { Authorization: `Bearer ${token}` })).status).toBe(401)
  })
})

describe('/api/session', () => {
  it('answers 401 without a valid token, so the page can ask for it', async () => {
    expect((await get('/api/session')).status).toBe(401)
    expect((await get('/api/session?token=nope')).status).toBe(401)
  })

  it('answers the protocol version and a host session id that stays the same while the host runs', async () => {
    const byBearer = await get('/api/session', { Authorization: `Bearer ${TOKEN}` })
    expect(byBearer.status).toBe(200)
    expect(byBearer.headers['content-type']).toMatch(/^application\/json/)
    const info = JSON.parse(byBearer.body) as SessionInfo
    expect(info.protocolVersion).toBe(PROTOCOL_VERSION)
    expect(info.hostSessionId).toMatch(/^[0-9a-f-]{36}$/)
    const byQuery = JSON.parse((await get(`/api/session?token=${TOKEN}`)).body) as SessionInfo
    expect(byQuery).toEqual(info)
  })

  it("names the desk's run, the same id every snapshot of this desk carries", async () => {
    const info = JSON.parse((await get(`/api/session?token=${TOKEN}`)).body) as SessionInfo
    expect(info.hostSessionId).toBe(test.desk.hostSessionId)
    expect(info).toEqual(test.desk.bridge.sessionInfo)
  })
})

it('still lets tools in with ?token= and Authorization: Bearer', async () => {
  ;(await openSocket(wsUrl(test.port), { origin: test.origin })).close()
  const bearer = await openSocket(`ws://127.0.0.1:${test.port}/api/ws`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  })
  bearer.close()
  await until(() => test.host.clientCount === 0)
})

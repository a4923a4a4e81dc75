/**
 * Thousands of generated requests against a running host, on loopback only, each written raw on its own
 * connection so that malformed ones really go on the wire: odd targets (`%`, `[`, `//`, overlong, invalid
 * UTF-8, control bytes), methods, upgrades, cookies, tokens and huge headers. The host must answer every one
 * with a status line and stay up. The generator is seeded (EVENTDESK_FUZZ_SEED to replay a run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { TOKEN, httpRequest, openSocket, openTestHost, rawExchange, until, wsUrl, type TestHost } from './host-fixture'

const REQUESTS = 3000
const AT_ONCE = 25
const MESSAGES = 600
const SEED = Number(process.env.EVENTDESK_FUZZ_SEED ?? 20_261_010)

let test: TestHost

beforeAll(async () => {
  test = await openTestHost()
})

afterAll(async () => {
  await test.close()
})

/** mulberry32: small, fast, and the same sequence for the same seed. */
function randomSource(seed: number) {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const below = (n: number): number => Math.floor(next() * n)
  return { chance: (p: number) => next() < p, below, pick: <T>(items: readonly T[]): T => items[below(items.length)] }
}
type Random = ReturnType<typeof randomSource>

// prettier-ignore
const TARGET_PIECES = [
  '/', '//', '///', '%', '%2', '%zz', '%00', '%2e%2e/', '%c0%af', '%ff%fe', '%ed%a0%80', '[', ']', '[::1]', ':',
  ':99999/', '@', '..', '../', '.', '?', '??', '&', '=', '#', 'token=', `token=${TOKEN}`,
  `token=${TOKEN.slice(1)}`, 'api', 'ws', 'stats', 'session', '/api/ws', '/api/stats', '/api/session',
  'index.html', '\\', ';', '~', 'é', '中', 'x', '%2F', '%5C', '*', 'http://', 'http://127.0.0.1', 'ws://x',
  '\u{1F4A9}',
]
/** Bytes that are not UTF-8: lone continuation and lead bytes, overlong forms, encoded surrogates, 0xFF. */
const INVALID_UTF8 = [
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80],
  [0xff],
  [0xfe, 0xff],
]
const CONTROL_BYTES = [[0x00], [0x01], [0x09], [0x0b], [0x7f], [0x20], [0x0d]]
const METHODS = [
  'GET',
  'GET',
  'GET',
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'CONNECT',
  'TRACE',
  'G3T',
  'get',
]

/** Targets that pass the parser and the path check, so the generated headers reach the token and origin checks. */
const NEAR_VALID = [
  `/api/ws?token=${TOKEN}`,
  `/?token=${TOKEN}`,
  `/api/stats?token=${TOKEN}`,
  '/api/session',
  '/index.html',
  '/api/ws',
]

function target(random: Random): Buffer {
  if (random.chance(0.2))
    return Buffer.from(random.pick(NEAR_VALID) + (random.chance(0.3) ? random.pick(TARGET_PIECES) : ''))
  const parts: Buffer[] = [Buffer.from(random.pick(['/', '/', '/', '//', '', '/api/ws', '/api/stats']))]
  const count = random.below(8)
  for (let i = 0; i < count; i++) {
    const kind = random.below(10)
    if (kind === 0) parts.push(Buffer.from(random.pick(INVALID_UTF8)))
    else if (kind === 1 && random.chance(0.3)) parts.push(Buffer.from(random.pick(CONTROL_BYTES)))
    else parts.push(Buffer.from(random.pick(TARGET_PIECES)))
  }
  // Overlong: from just under the parser's limit to far beyond it.
  if (random.chance(0.04)) parts.push(Buffer.from(random.pick(TARGET_PIECES).repeat(1000 + random.below(40_000))))
  return Buffer.concat(parts)
}

function headers(random: Random, port: number): string {
  const lines: string[] = []
  const host = random.pick([
    `127.0.0.1:${port}`,
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    'evil.example',
    '',
    '%',
    '[',
    `[::1]:${port}`,
  ])
  if (random.chance(0.95)) lines.push(`Host: ${host}`)
  if (random.chance(0.5)) {
    lines.push('Upgrade: websocket', 'Connection: Upgrade')
    const key = random.chance(0.7) ? 'dGhlIHNhbXBsZSBub25jZQ==' : random.pick(['', '%%', 'x'.repeat(300)])
    if (random.chance(0.9)) lines.push(`Sec-WebSocket-Key: ${key}`)
    if (random.chance(0.9))
      lines.push(`Sec-WebSocket-Version: ${random.chance(0.7) ? '13' : random.pick(['8', 'x', ''])}`)
  } else if (random.chance(0.05)) lines.push('Upgrade: h2c', 'Connection: Upgrade')
  if (random.chance(0.3))
    lines.push(
      `Origin: ${random.pick([`http://127.0.0.1:${port}`, 'https://evil.example', 'null', '%', `http://localhost:${port}`])}`,
    )
  if (random.chance(0.3))
    lines.push(
      `Authorization: ${random.pick([`Bearer ${TOKEN}`, 'Bearer ', 'Bearer x', 'Basic Zm9vOmJhcg==', `Bearer ${TOKEN}${TOKEN}`])}`,
    )
  if (random.chance(0.3)) {
    const value = random.pick([encodeURIComponent(TOKEN), '%', '%zz', '', 'a;b', TOKEN.slice(2), '"quoted"'])
    lines.push(`Cookie: ${random.pick([`eventdesk_${port}`, 'eventdesk_1', 'eventdesk_', '=', ''])}=${value}; other=1`)
  }
  if (random.chance(0.05)) lines.push(`X-Pad: ${'a'.repeat(1000 + random.below(200_000))}`)
  if (random.chance(0.02)) for (let i = random.below(3000); i > 0; i--) lines.push(`X-Many-${i}: ${i}`)
  if (random.chance(0.05))
    lines.push(
      random.pick(['Content-Length: 5', 'Content-Length: -1', 'Transfer-Encoding: chunked', 'Expect: 100-continue']),
    )
  if (random.chance(0.03))
    lines.push(random.pick(['Bad Header: x', 'X-Ctl: \u0001', ': empty-name', 'X-Fold:\r\n folded']))
  if (random.chance(0.2)) lines.push('Connection: close')
  return lines.map((line) => `${line}\r\n`).join('')
}

function request(random: Random, port: number): Buffer {
  const version = random.chance(0.97) ? 'HTTP/1.1' : random.pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'XTTP/1.1'])
  return Buffer.concat([
    Buffer.from(`${random.pick(METHODS)} `, 'latin1'),
    target(random),
    Buffer.from(` ${version}\r\n${headers(random, port)}\r\n`, 'latin1'),
  ])
}

describe('the host under generated requests', () => {
  it('answers every request with a status line and stays up', async () => {
    const random = randomSource(SEED)
    const statuses = new Map<number, number>()
    const unanswered: string[] = []
    for (let sent = 0; sent < REQUESTS; sent += AT_ONCE) {
      const batch = Array.from({ length: AT_ONCE }, () => request(random, test.port))
      const answers = await Promise.all(batch.map((bytes) => rawExchange(test.port, bytes)))
      answers.forEach((status, i) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (status < 100) unanswered.push(batch[i].subarray(0, 200).toString('latin1'))
      })
    }
    const tally = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ')
    expect(unanswered, `seed ${SEED}; ${tally}`).toEqual([])
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS)
    expect((await httpRequest(test.port, `/api/stats?token=${TOKEN}`)).status).toBe(200)
    await until(() => test.host.clientCount === 0)
  }, 120_000)

  it('answers or closes on every generated WebSocket message, and stays up', async () => {
    const random = randomSource(SEED + 1)
    let ws = await openSocket(wsUrl(test.port), { origin: test.origin })
    let closes = 0
    let replies = 0
    for (let id = 1; id <= MESSAGES; id++) {
      const outcome = await exchangeMessage(ws, id, message(random, id))
      if (outcome === 'reply') replies++
      else {
        closes++
        ws = await openSocket(wsUrl(test.port), { origin: test.origin })
      }
    }
    ws.close()
    expect(replies + closes).toBe(MESSAGES)
    expect((await httpRequest(test.port, `/api/stats?token=${TOKEN}`)).status).toBe(200)
    await until(() => test.host.clientCount === 0)
  }, 120_000)
})

const CHANNELS = [
  'order:send',
  'order:cancel',
  'market:history',
  'stats:get',
  'session:ack',
  'session:subscribe',
  'strategy:add',
  '__proto__',
  'constructor',
  '',
  'x'.repeat(5000),
]

function junk(random: Random, depth: number): unknown {
  const kind = random.below(depth > 3 ? 5 : 8)
  if (kind === 0) return random.below(1e9) * (random.chance(0.5) ? -1 : 1)
  if (kind === 1) return random.pick(['', 'IF2612.CFFEX', '%', '\u0000', 'é'.repeat(100), 'LONG'])
  if (kind === 2) return random.pick([null, true, false, 1e308, -0, 0.5])
  if (kind === 3) return undefined
  if (kind === 4) return random.pick([Number.MAX_SAFE_INTEGER, 1440, 1441, 0])
  if (kind === 5) return Array.from({ length: random.below(4) }, () => junk(random, depth + 1))
  // Without a prototype, a '__proto__' key is an own key that JSON.stringify writes out.
  const value = Object.create(null) as Record<string, unknown>
  for (const key of ['vtSymbol', 'minutes', 'seq', 'volume', 'price', '__proto__', 'constructor', 'kinds'])
    if (random.chance(0.4)) value[key] = junk(random, depth + 1)
  return value
}

/** Text or binary to send: mostly commands with odd requests, sometimes garbage or nested a thousand deep. */
function message(random: Random, id: number): string | Buffer {
  const kind = random.below(20)
  if (kind === 0) return random.pick(['not json', '{', '[]', 'null', '{"id":"1"}', `{"id":${id}.5}`, '"text"'])
  if (kind === 1) return Buffer.from([0xff, 0xfe, 0x00])
  if (kind === 2) return `{"id":${id},"channel":"stats:get","request":${'['.repeat(5000)}${']'.repeat(5000)}}`
  return JSON.stringify({ id, channel: random.pick(CHANNELS), request: junk(random, 0) })
}

function exchangeMessage(ws: WebSocket, id: number, data: string | Buffer): Promise<'reply' | 'closed'> {
  return new Promise((resolve) => {
    const onMessage = (raw: unknown): void => {
      const parsed = JSON.parse(String(raw)) as { id?: number }
      if (parsed.id === id) done('reply')
    }
    const onClose = (): void => done('closed')
    const done = (outcome: 'reply' | 'closed'): void => {
      ws.off('message', onMessage)
      ws.off('close', onClose)
      resolve(outcome)
    }
    ws.on('message', onMessage)
    ws.on('close', onClose)
    ws.send(data)
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeSnapshot } from '../../src/main/bridge'
import type { CommandChannel } from '../../src/shared/contract'
import { PUSH_KINDS } from '../../src/shared/push'
import { createHarness, TestWindow, type Harness } from './harness'

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type FieldKind =
  | 'name'
  | 'vtSymbol'
  | 'number'
  | 'seq'
  | 'direction'
  | 'offset'
  | 'orderType'
  | 'setting'
  | 'symbols'
  | 'kinds'
  | 'orderId'
  | 'interval'
  | 'epoch'
  | 'time'
  | 'cursor'
  | 'pageLimit'
  | 'changes'
  | 'desk'
  | 'url'
  | 'secret'
type Fields = Record<string, { kind: FieldKind; required: boolean }>

const req = (kind: FieldKind) => ({ kind, required: true })
const opt = (kind: FieldKind) => ({ kind, required: false })

/** The fields every history query shares. */
const HISTORY_PAGE: Fields = {
  from: opt('time'),
  to: opt('time'),
  cursor: opt('cursor'),
  limit: opt('pageLimit'),
  strategy: opt('name'),
}

/** Every command's fields, to mutate one at a time. */
const FIELDS: Record<CommandChannel, Fields> = {
  'gateway:connect': { gatewayName: req('name'), setting: opt('setting') },
  'gateway:disconnect': { gatewayName: req('name') },
  'gateway:settings': { gatewayName: req('name') },
  'gateway:addRemote': {
    desk: req('desk'),
    url: req('url'),
    user: opt('secret'),
    password: opt('secret'),
    token: opt('secret'),
  },
  'gateway:remotes': {},
  'gateway:removeRemote': { desk: req('desk') },
  'market:subscribe': { vtSymbols: req('symbols') },
  'market:history': { vtSymbol: req('vtSymbol'), interval: opt('interval'), end: opt('epoch') },
  'order:send': {
    vtSymbol: req('vtSymbol'),
    direction: req('direction'),
    offset: req('offset'),
    type: req('orderType'),
    price: req('number'),
    volume: req('number'),
    gatewayName: opt('name'),
  },
  'order:cancel': { vtOrderId: req('orderId') },
  'order:cancelAll': {},
  'strategy:classes': {},
  'strategy:reload': {},
  'strategy:add': {
    className: req('name'),
    strategyName: req('name'),
    vtSymbol: req('vtSymbol'),
    setting: req('setting'),
  },
  'strategy:init': { strategyName: req('name') },
  'strategy:start': { strategyName: req('name') },
  'strategy:stop': { strategyName: req('name') },
  'strategy:edit': { strategyName: req('name'), setting: req('setting') },
  'strategy:remove': { strategyName: req('name') },
  'strategy:initAll': {},
  'strategy:startAll': {},
  'strategy:stopAll': {},
  'session:subscribe': { kinds: opt('kinds'), vtSymbols: opt('symbols') },
  'session:ack': { seq: req('seq') },
  'snapshot:get': {},
  'stats:get': {},
  'orders:query': { ...HISTORY_PAGE, vtSymbol: opt('vtSymbol') },
  'trades:query': { ...HISTORY_PAGE, vtSymbol: opt('vtSymbol') },
  'logs:query': HISTORY_PAGE,
  'settings:get': {},
  'settings:change': { changes: req('changes') },
  'desk:about': {},
}
const COMMAND_CHANNELS = Object.keys(FIELDS) as CommandChannel[]

const VALID: Record<FieldKind, unknown> = {
  name: 'SIM',
  vtSymbol: 'rb2701.SHFE',
  number: 1,
  seq: 0,
  direction: 'LONG',
  offset: 'OPEN',
  orderType: 'LIMIT',
  setting: { fast: 5 },
  symbols: ['rb2701.SHFE'],
  kinds: ['tick'],
  orderId: 'SIM.1',
  interval: '5m',
  epoch: Date.UTC(2026, 10, 26),
  time: 1_796_000_000_000,
  cursor: '1796000000000~42',
  pageLimit: 100,
  changes: { 'risk.maxOrderValue': 1_000_000 },
  desk: 'alpha',
  url: 'nats://127.0.0.1:4222',
  secret: 's3cret',
}

const HUGE = 'x'.repeat(1 << 20)
const polluted = (): unknown => JSON.parse('{"__proto__": {"polluted": true}}')
const deep = (): unknown => {
  let value: unknown = 1
  for (let i = 0; i < 2000; i++) value = [value]
  return value
}

/** Values each kind of field must refuse. */
const WRONG: Record<FieldKind, (() => unknown)[]> = {
  name: [
    () => 42,
    () => null,
    () => true,
    () => ({}),
    () => [],
    () => '',
    () => 'a b',
    () => 'x'.repeat(65),
    () => HUGE,
    () => '../etc/passwd',
  ],
  vtSymbol: [
    () => 42,
    () => null,
    () => '',
    () => 'nodot',
    () => 'rb2701.shfe',
    () => `${'x'.repeat(70)}.SHFE`,
    () => HUGE,
    () => ({}),
  ],
  number: [
    () => '1',
    () => null,
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => ({}),
    () => [],
    () => true,
    () => 10n,
  ],
  seq: [() => -1, () => 1.5, () => '1', () => NaN, () => null, () => 2 ** 60, () => ({})],
  direction: [() => 'long', () => '', () => 0, () => null, () => 'NET', () => HUGE],
  offset: [() => 'open', () => 1, () => null, () => HUGE],
  orderType: [() => 'limit', () => 'ICEBERG', () => [], () => null],
  setting: [
    () => null,
    () => 'fast=5',
    () => 5,
    polluted,
    () => JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
    () => ({ 'bad key': 1 }),
    () => ({ fast: {} }),
    () => ({ fast: null }),
    () => ({ fast: NaN }),
    () => ({ fast: 'x'.repeat(300) }),
    () => Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i])),
  ],
  symbols: [
    () => 'rb2701.SHFE',
    () => [1],
    () => [null],
    () => Array(1001).fill('rb2701.SHFE'),
    () => ({}),
    () => null,
    () => [HUGE],
  ],
  kinds: [
    () => 'tick',
    () => ['nope'],
    () => [1],
    () => null,
    () => Array(PUSH_KINDS.length + 1).fill('tick'),
    () => [{}],
  ],
  orderId: [() => '', () => 42, () => null, () => 'x'.repeat(129), () => HUGE],
  interval: [() => '2m', () => '1M', () => 5, () => '', () => null, () => ['1m']],
  epoch: [() => -1, () => 1.5, () => '60', () => NaN, () => Infinity, () => null, () => 2 ** 60],
  time: [() => -1, () => '2026-11-26', () => NaN, () => Infinity, () => null, () => ({})],
  cursor: [
    () => 42,
    () => '',
    () => 'abc',
    () => '1~2~3',
    () => '1~-2',
    () => '1~1.5',
    () => 'x'.repeat(65),
    () => HUGE,
  ],
  pageLimit: [() => 0, () => 1001, () => 1.5, () => '10', () => NaN, () => null],
  desk: [() => 42, () => '', () => 'a.b', () => 'a*', () => '__proto__', () => 'x'.repeat(65), () => HUGE, () => null],
  url: [() => 'http://x:1', () => 'nats://a b', () => 'nats://h:1/path', () => '', () => 42, () => null, () => HUGE],
  secret: [() => '', () => 42, () => null, () => HUGE, () => ({})],
  changes: [
    () => null,
    () => ({}),
    () => [],
    () => HUGE,
    polluted,
    () => ({ maxOrderValue: 1 }),
    () => ({ 'risk.maxOrderValue': -1 }),
    () => ({ 'risk.maxOrderValue': '1000' }),
    () => ({ 'risk.active': 'yes' }),
    () => ({ 'session.commandsPerSecond': 1.5 }),
    () => ({ 'session.ordersPerSecond': 1e7 }),
  ],
}

const NOT_OBJECTS: (() => unknown)[] = [
  () => null,
  () => undefined,
  () => 42,
  () => 'order',
  () => [],
  () => [{}],
  () => true,
  () => HUGE,
]
const BAD_CHANNELS: (() => unknown)[] = [
  () => 'order:sendx',
  () => 'order:send ',
  () => 'ORDER:SEND',
  () => '__proto__',
  () => 'constructor',
  () => 'toString',
  () => 'hasOwnProperty',
  () => '',
  () => HUGE,
  () => 42,
  () => null,
  () => undefined,
  () => ({ toString: () => 'order:send' }),
  () => ['order:send'],
]
const EXTRA_KEYS = ['extra', '__proto__', 'constructor', 'prototype', 'k'.repeat(1000), '']

function validRequest(channel: CommandChannel): Record<string, unknown> {
  const request: Record<string, unknown> = {}
  for (const [key, { kind, required }] of Object.entries(FIELDS[channel]))
    if (required) request[key] = structuredClone(VALID[kind])
  return request
}

/** One malformed command, and what made it so. */
function malformed(next: () => number): { channel: unknown; payload: unknown; how: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]
  const channel = pick(COMMAND_CHANNELS)
  const fields = Object.entries(FIELDS[channel])
  const required = fields.filter(([, f]) => f.required)
  const payload = validRequest(channel)
  const how = pick(['wrongType', 'missing', 'extraKey', 'pollution', 'notObject', 'unknownChannel', 'deep'] as const)
  if (how === 'wrongType' && fields.length > 0) {
    const [key, { kind }] = pick(fields)
    payload[key] = pick(WRONG[kind])()
    return { channel, payload, how: `${how} ${key}` }
  }
  if (how === 'missing' && required.length > 0) {
    delete payload[pick(required)[0]]
    return { channel, payload, how }
  }
  if (how === 'pollution') {
    const withProto = JSON.parse(`{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}`)
    return { channel, payload: Object.assign(withProto, payload), how }
  }
  if (how === 'notObject') return { channel, payload: pick(NOT_OBJECTS)(), how }
  if (how === 'unknownChannel') return { channel: pick(BAD_CHANNELS)(), payload, how }
  if (how === 'deep') return { channel, payload: { ...payload, extra: deep() }, how }
  const key = pick(EXTRA_KEYS)
  Object.defineProperty(payload, key, {
    value: pick([1, 'x', null, {}, HUGE]),
    enumerable: true,
    configurable: true,
    writable: true,
  })
  return { channel, payload, how: `extraKey ${key.slice(0, 16)}` }
}

describe('command fuzzing', () => {
  let harness: Harness
  let window: TestWindow

  beforeAll(async () => {
    // No per-session limit: this session sends 5,000 commands in one instant of the harness clock.
    harness = createHarness({ settings: { 'session.commandsPerSecond': 0 } })
    await harness.settle()
    window = new TestWindow(harness.desk)
    await window.invoke('market:subscribe', { vtSymbols: ['rb2701.SHFE'] })
    await window.invoke('session:subscribe', {})
    await harness.run(500)
  })
  afterAll(() => harness.close())

  const state = (): string =>
    JSON.stringify({
      snapshot: takeSnapshot(harness.desk.core, undefined, harness.desk.bridge.sessionInfo),
      handlers: harness.desk.engine.handlerCount(),
      types: harness.desk.engine.types().sort(),
      sessions: harness.desk.bridge.stats().sessions,
      session: window.session.stats(),
      batches: window.batches.length,
      queued: harness.desk.engine.queued(),
    })

  it('answers 5,000 malformed commands each with an error, stays up, and changes nothing', async () => {
    const next = random(20261126)
    const before = state()
    const codes = new Map<string, number>()
    for (let i = 0; i < 5000; i++) {
      const { channel, payload, how } = malformed(next)
      const reply = await harness.desk.bridge.handle(window.session, channel, payload)
      if (reply.ok) throw new Error(`accepted a malformed command (${how}) on ${String(channel).slice(0, 40)}`)
      expect(['UNKNOWN_CHANNEL', 'INVALID_ARGUMENT'], how).toContain(reply.error.code)
      expect(reply.error.message.length, how).toBeGreaterThan(0)
      // An error never echoes a huge input back.
      expect(reply.error.message.length, how).toBeLessThan(2048)
      codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1)
      if (i % 500 === 0) await harness.settle()
    }
    await harness.settle()
    expect(state()).toEqual(before)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(codes.get('UNKNOWN_CHANNEL')).toBeGreaterThan(100)
    expect(codes.get('INVALID_ARGUMENT')).toBeGreaterThan(1000)
    // Still serving: a good command works after all that.
    expect(await window.invoke('stats:get', {})).toMatchObject({ ok: true })
  })
})

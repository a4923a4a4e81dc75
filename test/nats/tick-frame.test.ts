import { afterEach, describe, expect, it } from 'vitest'
import {
  decodeTickFrame,
  encodeTickFrame,
  identityOf,
  MAX_FRAME_TICKS,
  TICK_ROW_LENGTH,
  TickFramer,
  tickRow,
  type TickIdentity,
} from '../../src/main/nats/tick-frame'
import { MAX_EVENT_BYTES } from '../../src/main/nats/envelope'
import { TICK_NUMBERS } from '../../src/shared/object-schemas'
import type { Tick } from '../../src/shared/objects'
import { PROTOCOL_VERSION } from '../../src/shared/protocol'
import { numberedTick } from './ticks'

const tick = numberedTick

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

/** The frame message the desk sends for `ticks` of one instrument, and its rows. */
function frameOf(ticks: Tick[], seq = 1, host = 'h1'): { message: Uint8Array; rows: number[][] } {
  const sent: { message: Uint8Array; rows: number[][] }[] = []
  const framer = new TickFramer((id, rows) => sent.push({ message: bytes(encodeTickFrame(host, seq, id, rows)), rows }))
  for (const t of ticks) framer.add(t)
  framer.flush()
  expect(sent).toHaveLength(1)
  return sent[0]
}

const asMonitorSees = (ticks: Tick[]): Tick[] => ticks.map((t) => ({ ...t, gatewayName: 'alpha' }))

describe('a tick frame', () => {
  it('gives back every tick exactly, in order, under the monitor gateway name, listing only what changed', () => {
    const ticks = [tick(1), { ...tick(1), datetime: 7, volume: 5 }, tick(3), tick(3)]
    const { message, rows } = frameOf(ticks, 41)
    expect(rows[0]).toEqual(tickRow(ticks[0]))
    expect(rows[0]).toHaveLength(TICK_ROW_LENGTH)
    expect(rows[1]).toEqual([0, 7, 3, 5])
    expect(rows[2]).toHaveLength(2 * TICK_ROW_LENGTH)
    expect(rows[3]).toEqual([])
    expect(decodeTickFrame(message, 'alpha')).toEqual({
      ok: true,
      frame: { host: 'h1', seq: 41, malformed: 0, ticks: asMonitorSees(ticks) },
    })
  })

  it('stays within what a monitor reads when full of ticks whose every number changes, at their longest', () => {
    const ticks = Array.from({ length: MAX_FRAME_TICKS }, (_, i) => {
      const t: Record<string, unknown> = { ...tick(1) }
      TICK_NUMBERS.forEach((key, column) => (t[key] = -1.234567890123456e-300 * (i + 1.1) * (column + 1.3)))
      return t as unknown as Tick
    })
    const { message } = frameOf(ticks)
    expect(message.length).toBeLessThan(MAX_EVENT_BYTES)
    expect(decodeTickFrame(message, 'alpha')).toEqual({
      ok: true,
      frame: { host: 'h1', seq: 1, malformed: 0, ticks: asMonitorSees(ticks) },
    })
  })

  it('carries the version it is written in', () => {
    expect(JSON.parse(new TextDecoder().decode(frameOf([tick(1)]).message))).toMatchObject({ v: PROTOCOL_VERSION })
  })

  it('drops a tick with a number that is not finite alone, and never takes such a number as a base', () => {
    const nan = { ...tick(2), lastPrice: NaN } // JSON writes NaN as null
    const stillNan = { ...nan, volume: 9 }
    const mended = { ...nan, lastPrice: 5 }
    const ticks = [tick(1), nan, stillNan, mended, { ...mended }]
    const decoded = decodeTickFrame(frameOf(ticks).message, 'alpha')
    expect(decoded).toEqual({
      ok: true,
      frame: {
        host: 'h1',
        seq: 1,
        malformed: 2,
        reason: 'not a valid tick: number 2 of a row must be a finite number',
        ticks: asMonitorSees([tick(1), mended, mended]),
      },
    })
    const text = new TextDecoder().decode(frameOf([tick(1), { ...tick(1), volume: 2 }]).message)
    const infinite = bytes(text.replace(/\[\[[-0-9.e]+/, '[[1e999'))
    expect(decodeTickFrame(infinite, 'alpha')).toMatchObject({ ok: true, frame: { ticks: [], malformed: 2 } })
  })

  it('drops a row of changes that is not column-value pairs, and the ticks after it, which have no base', () => {
    const full = tickRow(tick(1))
    for (const broken of [[0], [TICK_ROW_LENGTH, 1], [1.5, 1], ['0', 1], 7]) {
      const message = bytes(encodeTickFrame('h1', 1, identityOf(tick(1)), [full, [3, 4], broken as number[], [3, 5]]))
      expect(decodeTickFrame(message, 'alpha'), JSON.stringify(broken)).toEqual({
        ok: true,
        frame: {
          host: 'h1',
          seq: 1,
          malformed: 2,
          reason: 'not a valid tick: a row of changes must be pairs of a column and a number',
          ticks: asMonitorSees([tick(1), { ...tick(1), volume: 4 }]),
        },
      })
    }
  })

  it('refuses a whole frame whose envelope or instrument is wrong', () => {
    const id = identityOf(tick(1))
    const row = tickRow(tick(1))
    const frame = (patch: Record<string, unknown>): Uint8Array =>
      bytes(JSON.stringify({ v: PROTOCOL_VERSION, host: 'h1', seq: 1, id, ticks: [row], ...patch }))
    const cases: [Uint8Array, string][] = [
      [bytes('not json'), 'not JSON'],
      [bytes('[1,2]'), 'not a tick frame: not an object'],
      [frame({ host: '' }), 'not a tick frame: host must be 1-128 characters'],
      [frame({ seq: 0 }), 'not a tick frame: seq must be a whole number from 1'],
      [frame({ id: 'IF' }), 'not a tick frame: id must be an object'],
      [frame({ id: { ...id, exchange: 'NOWHERE' } }), 'not a valid tick: exchange is not one we know'],
      [frame({ id: { ...id, name: 7 } }), 'not a valid tick: name must be text of at most 256 characters'],
      [frame({ ticks: [] }), `not a tick frame: ticks must be a list of 1-${MAX_FRAME_TICKS} rows`],
      [frame({ ticks: [row.slice(1)] }), `not a tick frame: the first row must hold ${TICK_ROW_LENGTH} numbers`],
      [frame({ ticks: [7, row] }), `not a tick frame: the first row must hold ${TICK_ROW_LENGTH} numbers`],
      [
        frame({ ticks: Array.from({ length: MAX_FRAME_TICKS + 1 }, () => row) }),
        `not a tick frame: ticks must be a list of 1-${MAX_FRAME_TICKS} rows`,
      ],
    ]
    for (const [message, reason] of cases)
      expect(decodeTickFrame(message, 'alpha'), reason).toEqual({ ok: false, reason })
  })

  it('refuses a message of an older desk by its protocol version, the one-tick envelope of version 3 included', () => {
    const old = bytes(JSON.stringify({ v: 3, host: 'h1', seq: 1, data: tick(1) }))
    expect(decodeTickFrame(old, 'alpha')).toEqual({
      ok: false,
      reason: `not a tick frame: protocol version 3, this desk speaks ${PROTOCOL_VERSION}`,
    })
  })
})

describe('the desk gathering ticks into frames', () => {
  const framers: TickFramer[] = []
  afterEach(() => framers.splice(0).forEach((f) => f.discard()))

  function framer(): { framer: TickFramer; sent: { id: TickIdentity; rows: number[][] }[] } {
    const sent: { id: TickIdentity; rows: number[][] }[] = []
    const f = new TickFramer((id, rows) => sent.push({ id, rows }))
    framers.push(f)
    return { framer: f, sent }
  }

  it('sends one frame per instrument, in the order their first ticks came', () => {
    const { framer: f, sent } = framer()
    f.add(tick(1, 'IF2612.CFFEX'))
    f.add(tick(2, 'rb2701.SHFE'))
    f.add(tick(3, 'IF2612.CFFEX'))
    expect(sent).toEqual([])
    f.flush()
    expect(sent.map((s) => [s.id.vtSymbol, s.rows.length, s.rows[0][0]])).toEqual([
      ['IF2612.CFFEX', 2, 1000.25],
      ['rb2701.SHFE', 1, 2000.25],
    ])
  })

  it('sends the frames by itself as soon as the code that put the ticks is done', async () => {
    const { framer: f, sent } = framer()
    f.add(tick(1))
    f.add(tick(2))
    expect(sent).toEqual([])
    await Promise.resolve()
    expect(sent.map((s) => s.rows.length)).toEqual([2])
  })

  it('starts a new frame when the instrument texts change, so no tick loses its name', () => {
    const { framer: f, sent } = framer()
    f.add(tick(1))
    f.add({ ...tick(2), name: 'renamed' })
    f.flush()
    expect(sent.map((s) => [s.id.name, s.rows.length])).toEqual([
      ['沪深300 2612', 1],
      ['renamed', 1],
    ])
  })

  it('sends a full frame at once', () => {
    const { framer: f, sent } = framer()
    for (let i = 0; i < MAX_FRAME_TICKS + 1; i++) f.add(tick(i))
    expect(sent.map((s) => s.rows.length)).toEqual([MAX_FRAME_TICKS])
    f.flush()
    expect(sent.map((s) => s.rows.length)).toEqual([MAX_FRAME_TICKS, 1])
  })

  it('forgets pending ticks when told to (the link went down)', () => {
    const { framer: f, sent } = framer()
    f.add(tick(1))
    f.discard()
    f.flush()
    expect(sent).toEqual([])
  })
})

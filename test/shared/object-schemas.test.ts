import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { hostMessage, logText } from '../../src/shared/messages'
import { checkTick, logSchema, tickSchema } from '../../src/shared/object-schemas'

function validTick(): Record<string, unknown> {
  const tick: Record<string, unknown> = {
    gatewayName: 'SIM',
    symbol: 'IF2612',
    exchange: 'CFFEX',
    vtSymbol: 'IF2612.CFFEX',
    datetime: 1_796_009_653_498.557,
    name: '沪深300',
    lastPrice: 4651.2,
    lastVolume: 1,
    volume: 10,
    turnover: 0,
    openInterest: 0,
    openPrice: 4600,
    highPrice: 4700,
    lowPrice: 4500,
    preClose: 4600,
    limitUp: 5000,
    limitDown: 4200,
  }
  for (let level = 1; level <= 5; level++)
    for (const side of ['bid', 'ask'])
      for (const what of ['Price', 'Volume']) tick[`${side}${what}${level}`] = level * 10
  return tick
}

describe('the hand-written tick check', () => {
  it('gives the same verdict as the tick schema on thousands of damaged ticks', () => {
    const damages: unknown[] = [
      undefined,
      null,
      'text',
      NaN,
      Infinity,
      -Infinity,
      true,
      {},
      [],
      'x'.repeat(300),
      'NOPE',
      42,
    ]
    const keys = Object.keys(validTick())
    let seed = 11
    const random = (n: number): number => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n)
    let invalid = 0
    for (let i = 0; i < 5000; i++) {
      const tick = validTick()
      const hits = random(3)
      for (let h = 0; h < hits; h++) tick[keys[random(keys.length)]] = damages[random(damages.length)]
      const bySchema = v.safeParse(tickSchema, tick).success
      const byHand = checkTick(tick) === undefined
      expect(byHand, JSON.stringify(tick)).toBe(bySchema)
      if (!bySchema) invalid++
    }
    expect(invalid).toBeGreaterThan(1000)
    expect(checkTick(validTick())).toBeUndefined()
    expect(checkTick(null)).toBe('not an object')
  })
})

describe('host messages from a remote desk', () => {
  it('keep their code and parameters, so a monitor shows them in its own language', () => {
    const line = logText(hostMessage('risk.volumeCap', { volume: 1500, cap: 1000 }))
    const log = { time: 1, level: 'WARNING', source: 'risk', ...line }
    expect(v.parse(logSchema, log)).toEqual(log)
    expect(v.parse(logSchema, { ...log, code: 'risk.fromANewerDesk', params: { anything: [1] } })).toMatchObject({
      code: 'risk.fromANewerDesk',
    })
  })
})

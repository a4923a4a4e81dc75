import { describe, expect, it } from 'vitest'
import { MESSAGES, englishText, hostMessage, isMessageCode, logText, rejection } from '../../src/shared/messages'

describe('host messages', () => {
  it('writes the English of a rejection as the desk always has, money in cents and inner reasons in place', () => {
    const reason = hostMessage('risk.valueCap', { value: 62_100_000.004, cap: 50_000_000 })
    expect(englishText(reason)).toBe('order value 62100000 exceeds the order value cap 50000000')
    const line = hostMessage('trader.orderRejected', {
      vtOrderId: 'SIM.R1',
      direction: 'LONG',
      volume: 45,
      vtSymbol: 'IF2612.CFFEX',
      reason,
    })
    expect(englishText(line)).toBe(
      'order SIM.R1 LONG 45 IF2612.CFFEX rejected: order value 62100000 exceeds the order value cap 50000000',
    )
  })

  it('joins a list of changes with commas and shows switches as true or false', () => {
    const message = hostMessage('settings.changed', {
      by: 'session 2',
      changes: [
        hostMessage('settings.change', { setting: 'risk.maxOrderVolume', from: 0, to: 5 }),
        hostMessage('settings.change', { setting: 'risk.active', from: true, to: false }),
      ],
    })
    expect(englishText(message)).toBe(
      'Settings changed by session 2: risk.maxOrderVolume 0 → 5, risk.active true → false',
    )
  })

  it('gives a log line and an order the English beside the code and its parameters; plain text stays plain', () => {
    const message = hostMessage('gateway.connectionLost', { seconds: 3 })
    expect(logText(message)).toEqual({
      message: 'connection lost; reconnecting in 3 s',
      code: 'gateway.connectionLost',
      params: { seconds: 3 },
    })
    expect(logText('a strategy says hello')).toEqual({ message: 'a strategy says hello' })
    expect(rejection(hostMessage('gateway.notConnected', {}))).toEqual({
      rejectReason: 'not connected',
      rejectCode: 'gateway.notConnected',
      rejectParams: {},
    })
  })

  it('tells codes it knows from codes a newer host may send', () => {
    expect(isMessageCode('risk.volumeCap')).toBe(true)
    expect(isMessageCode('risk.somethingNew')).toBe(false)
    expect(isMessageCode('toString')).toBe(false)
  })

  it('names every placeholder of a template among its parameters, and the other way round', () => {
    for (const [code, { en, params }] of Object.entries(MESSAGES)) {
      const placeholders = [...en.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
      expect(placeholders, code).toEqual(Object.keys(params).sort())
      // vue-i18n reads these as syntax.
      expect(en, code).not.toMatch(/[@|$%]/)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { DeskSubjects, decodeToken, encodeToken } from '../../src/main/nats/subjects'

describe('subject tokens', () => {
  it('escapes what NATS reads as separators or wildcards, and nothing a plain key needs', () => {
    expect(encodeToken('IF2612.CFFEX')).toBe('IF2612~2ECFFEX')
    expect(encodeToken('rb2701')).toBe('rb2701')
    expect(encodeToken('a*b>c d~e')).toBe('a~2Ab~3Ec~20d~7Ee')
    expect(encodeToken('')).toBe('~')
    expect(encodeToken('茅台')).toBe('~E8~8C~85~E5~8F~B0')
  })

  it('gives every text back, and never leaves a separator, wildcard, space or control byte in a token', () => {
    const alphabet = ['a', 'Z', '0', '.', '*', '>', ' ', '~', '\t', '\n', ':', '-', '_', '茅', '😀', '%', '/', '\u0000']
    let seed = 7
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 5000; i++) {
      let text = ''
      const length = Math.floor(random() * 12)
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)]
      const token = encodeToken(text)
      expect(token).toMatch(/^[A-Za-z0-9_:~-]+$/)
      expect(decodeToken(token)).toBe(text)
    }
  })

  it('refuses tokens it did not make', () => {
    for (const token of ['a.b', '~2', '~zz', 'a~2e', '*', '>', '~41']) expect(decodeToken(token), token).toBeUndefined()
  })
})

describe("a desk's subjects", () => {
  const subjects = new DeskSubjects('alpha')

  it('names events, commands and the stream, and reads an event subject back', () => {
    expect(subjects.event('tick', 'IF2612.CFFEX')).toBe('eventdesk.alpha.tick.IF2612~2ECFFEX')
    expect(subjects.event('log')).toBe('eventdesk.alpha.log')
    expect(subjects.command('order:send')).toBe('eventdesk.alpha.cmd.order:send')
    expect(subjects.stream).toBe('EVENTDESK_alpha')
    expect(subjects.parse('eventdesk.alpha.order.SIM~2E12')).toEqual({ kind: 'order', key: 'SIM.12' })
    expect(subjects.parse('eventdesk.beta.order.x')).toBeUndefined()
    expect(subjects.parse('eventdesk.alpha.bogus.x')).toBeUndefined()
  })

  it('takes only desk names that are one plain token', () => {
    for (const bad of ['', 'a.b', 'a b', '*', '>', 'x'.repeat(65)])
      expect(() => new DeskSubjects(bad), bad).toThrow(RangeError)
  })
})

import { describe, expect, it } from 'vitest'
import { PUSH_KINDS, isFact } from '../../src/shared/push'

describe('the push table', () => {
  it('applies every fact (order, trade, log, contract) before any latest value, so a fill is known before the tick that shows it', () => {
    const firstLatest = PUSH_KINDS.findIndex((kind) => !isFact(kind))
    expect(PUSH_KINDS.slice(0, firstLatest)).toEqual(['order', 'trade', 'log', 'contract'])
    expect(PUSH_KINDS.slice(firstLatest).some(isFact)).toBe(false)
  })

  it('applies contracts before ticks (precision before prices) and engine metrics last', () => {
    expect(PUSH_KINDS.indexOf('contract')).toBeLessThan(PUSH_KINDS.indexOf('tick'))
    expect(PUSH_KINDS.at(-1)).toBe('metrics')
  })
})

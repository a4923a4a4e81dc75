import { describe, expect, it } from 'vitest'
import { PUSH_KINDS, PUSH_RULES, isFact } from '../../src/shared/push'

describe('the push table', () => {
  it('applies every fact (order, trade, log, contract) before any latest value, so a fill is known before the tick that shows it', () => {
    const firstLatest = PUSH_KINDS.findIndex((kind) => !isFact(kind))
    expect(PUSH_KINDS.slice(0, firstLatest)).toEqual(['order', 'trade', 'log', 'contract'])
    // Only removals come later: each right after the kind whose rows it takes away, so it follows their last value.
    for (const kind of PUSH_KINDS.slice(firstLatest).filter(isFact)) {
      const rule = PUSH_RULES[kind]
      expect(rule.held).toBe('removal')
      if (rule.held === 'removal') expect(PUSH_KINDS.indexOf(kind)).toBe(PUSH_KINDS.indexOf(rule.removes) + 1)
    }
  })

  it('applies contracts before ticks (precision before prices) and engine metrics last', () => {
    expect(PUSH_KINDS.indexOf('contract')).toBeLessThan(PUSH_KINDS.indexOf('tick'))
    expect(PUSH_KINDS.at(-1)).toBe('metrics')
  })
})

import { describe, expect, it } from 'vitest'
import { decimalPlaces, isMultipleOf, round } from '../../src/shared/numbers'

describe('decimalPlaces', () => {
  it('gives the precision a price tick or a volume is written with', () => {
    expect([0.2, 0.05, 0.01, 1, 10, 0.25, 0.00001, 1e-7, 1.5e-8].map(decimalPlaces)).toEqual([
      1, 2, 2, 0, 0, 2, 5, 7, 9,
    ])
  })

  it('never asks for more than 10 places', () => {
    expect(decimalPlaces(0.1 + 0.2)).toBe(10)
    expect(decimalPlaces(1e-15)).toBe(10)
  })
})

describe('isMultipleOf', () => {
  it('tells a price on the tick, or a volume in whole lots, from one off it, despite float noise', () => {
    expect(isMultipleOf(3900.4, 0.2)).toBe(true)
    expect(isMultipleOf(3900.3, 0.2)).toBe(false)
    expect(isMultipleOf(0.3, 0.1)).toBe(true)
    expect(isMultipleOf(0.015, 0.01)).toBe(false)
  })

  it('finds every value a multiple of a step that is not positive: no tick, no constraint', () => {
    expect(isMultipleOf(3900.3, 0)).toBe(true)
  })
})

describe('round', () => {
  it('rounds a figure for a message to the places asked, without float dust', () => {
    expect(round(0.1 + 0.2, 2)).toBe(0.3)
    expect(round(1234.5678, 2)).toBe(1234.57)
    expect(round(1 / 3, 8)).toBe(0.33333333)
  })
})

import { describe, expect, it } from 'vitest'
import { decimalPlaces } from '../../src/shared/numbers'

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

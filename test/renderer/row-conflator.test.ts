import { describe, expect, it } from 'vitest'
import { FRAME_MS, OFF_SCREEN_FACTOR, RowConflator, rowsPerFrame } from '@renderer/monitors/row-conflator'

describe('RowConflator', () => {
  it('releases a row at once after a quiet spell, then its latest value once per interval', () => {
    const conflator = new RowConflator<string>(250)
    conflator.offer('IF', 'v1')
    expect(conflator.take(1000, 1)).toEqual(['v1'])
    conflator.offer('IF', 'v2')
    conflator.offer('IF', 'v3')
    expect(conflator.take(1100, 1)).toEqual([])
    expect(conflator.nextDueIn(1100)).toBe(150)
    expect(conflator.take(1250, 1)).toEqual(['v3'])
    expect(conflator.waitingCount).toBe(0)
    expect(conflator.nextDueIn(1250)).toBeUndefined()
  })

  it("meters releases at the table's rate however often it is asked, longest-waiting first", () => {
    const conflator = new RowConflator<string>(250)
    const share = rowsPerFrame(200, 250)
    for (let i = 0; i < 200; i++) conflator.offer(`row${i}`, `row${i}`)
    // A first burst of at most 100 ms worth, never the whole table.
    const first = conflator.take(1000, 200)
    expect(first.length).toBeLessThan(200)
    expect(first[0]).toBe('row0')
    // Asked again within the same frame: nothing left to give until the allowance refills.
    expect(conflator.take(1001, 200).length).toBeLessThanOrEqual(1)
    let released = first.length
    for (let now = 1000 + FRAME_MS; conflator.waitingCount > 0; now += FRAME_MS) {
      const taken = conflator.take(now, 200)
      expect(taken.length).toBeLessThanOrEqual(share + 1) // + 1: the fractions of a row carried over
      released += taken.length
    }
    expect(released).toBe(200)
  })

  it('brings rows out of sight up to date less often, and all of them at once when asked', () => {
    const conflator = new RowConflator<string>(250)
    const onScreen = (key: string): boolean => key === 'seen'
    conflator.offer('seen', 'a1')
    conflator.offer('hidden', 'b1')
    expect(conflator.take(1000, 2, onScreen)).toEqual(['a1', 'b1'])
    conflator.offer('seen', 'a2')
    conflator.offer('hidden', 'b2')
    expect(conflator.take(1250, 2, onScreen)).toEqual(['a2'])
    expect(conflator.nextDueIn(1250, onScreen)).toBe(250 * OFF_SCREEN_FACTOR - 250)
    // The hidden row scrolls into view: its latest value shows at once.
    expect(conflator.takeAll(1300, (key) => key === 'hidden')).toEqual(['b2'])
    expect(conflator.waitingCount).toBe(0)
  })

  it('forgets a row that left the table, and passes everything straight through without an interval', () => {
    const conflator = new RowConflator<string>(250)
    conflator.offer('gone', 'x')
    conflator.forget('gone')
    expect(conflator.take(1000, 1)).toEqual([])
    const passThrough = new RowConflator<string>(0)
    for (let i = 0; i < 100; i++) passThrough.offer(`row${i}`, `v${i}`)
    expect(passThrough.take(0, 100)).toHaveLength(100)
  })
})

import { describe, expect, it } from 'vitest'
import { Ring } from '../../src/main/engine/ring'

describe('Ring', () => {
  it('is first in, first out while it grows, with pushes and shifts interleaved', () => {
    const ring = new Ring<number>(16)
    const out: number[] = []
    let next = 0
    // Uneven bursts so the head and tail wrap at different offsets before and after each growth.
    for (const burst of [10, 1, 23, 40, 17, 300, 5]) {
      for (let i = 0; i < burst; i++) ring.push(next++)
      for (let i = 0; i < Math.floor(burst / 2); i++) out.push(ring.shift())
    }
    while (ring.length > 0) out.push(ring.shift())
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i))
  })

  it('tracks its length and high-water mark', () => {
    const ring = new Ring<string>()
    for (let i = 0; i < 2500; i++) ring.push('x')
    for (let i = 0; i < 2000; i++) ring.shift()
    ring.push('y')
    expect(ring.length).toBe(501)
    expect(ring.highWater).toBe(2500)
  })
})

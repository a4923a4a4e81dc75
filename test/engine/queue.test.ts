import { describe, expect, it } from 'vitest'
import { Queue } from '../../src/main/engine/queue'

describe('Queue', () => {
  it('is first in, first out across chunk boundaries, with pushes and shifts interleaved', () => {
    const queue = new Queue<number>()
    const out: number[] = []
    let next = 0
    // Uneven bursts so reads and writes cross chunk edges at different offsets.
    for (const burst of [3000, 1, 1023, 1024, 1025, 5000]) {
      for (let i = 0; i < burst; i++) queue.push(next++)
      for (let i = 0; i < Math.floor(burst / 2); i++) out.push(queue.shift())
    }
    while (queue.length > 0) out.push(queue.shift())
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i))
  })

  it('tracks its length and high-water mark', () => {
    const queue = new Queue<string>()
    for (let i = 0; i < 2500; i++) queue.push('x')
    for (let i = 0; i < 2000; i++) queue.shift()
    queue.push('y')
    expect(queue.length).toBe(501)
    expect(queue.highWater).toBe(2500)
  })
})

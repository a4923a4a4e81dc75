import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { throttle } from '@renderer/composables/throttle'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  vi.advanceTimersByTime(1000)
})
afterEach(() => {
  vi.useRealTimers()
})

describe('throttle', () => {
  it('redraws at once after a quiet spell, then at most once per interval, and never drops the last change', () => {
    let redraws = 0
    const redraw = throttle(() => redraws++, 100)
    redraw.request()
    expect(redraws).toBe(1)
    vi.advanceTimersByTime(20)
    redraw.request()
    redraw.request()
    expect(redraws).toBe(1)
    vi.advanceTimersByTime(79)
    expect(redraws).toBe(1)
    vi.advanceTimersByTime(1)
    expect(redraws).toBe(2)
    vi.advanceTimersByTime(1000)
    expect(redraws).toBe(2)
  })

  it('reads the interval at each request, so it can follow a setting', () => {
    let everyMs = 0
    let redraws = 0
    const redraw = throttle(
      () => redraws++,
      () => everyMs,
    )
    redraw.request()
    redraw.request()
    expect(redraws).toBe(2)
    everyMs = 50
    redraw.request()
    expect(redraws).toBe(2)
    vi.advanceTimersByTime(50)
    expect(redraws).toBe(3)
  })

  it('flush redraws now in place of the waiting redraw; cancel drops it', () => {
    let redraws = 0
    const redraw = throttle(() => redraws++, 100)
    redraw.request()
    redraw.request()
    redraw.flush()
    expect(redraws).toBe(2)
    vi.advanceTimersByTime(1000)
    expect(redraws).toBe(2)
    redraw.request()
    vi.advanceTimersByTime(10)
    redraw.request()
    redraw.cancel()
    vi.advanceTimersByTime(1000)
    expect(redraws).toBe(3)
  })
})

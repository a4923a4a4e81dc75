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
  it('with lateMs, runs a due redraw in the next request rather than on a timer of its own, unless none comes', () => {
    let redraws = 0
    const redraw = throttle(() => redraws++, 100, 50)
    redraw.request()
    vi.advanceTimersByTime(20)
    redraw.request()
    vi.advanceTimersByTime(100) // due at 100, waiting for a request
    expect(redraws).toBe(1)
    redraw.request() // the next frame of data: it runs there
    expect(redraws).toBe(2)
    vi.advanceTimersByTime(1000)
    expect(redraws).toBe(2)
    redraw.request() // after a quiet spell: at once
    expect(redraws).toBe(3)
    redraw.request()
    vi.advanceTimersByTime(149) // no request comes: the timer runs it, late
    expect(redraws).toBe(3)
    vi.advanceTimersByTime(1)
    expect(redraws).toBe(4)
  })
})

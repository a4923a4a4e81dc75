import { describe, expect, it } from 'vitest'
import { EVENT_LOG, EVENT_ORDER, EVENT_TICK, EventEngine } from '../../src/main/engine'
import { SliceRecorder, putLog, putTicks } from './helpers'

const FLOOD = 1_000_000

describe('lanes: ticks never delay logs, orders or the timer', () => {
  it(`dispatches an eLog put by a tick handler before the next of ${FLOOD} queued ticks`, async () => {
    const engine = new EventEngine({ interval: 0 })
    let ticks = 0
    let ticksWhenLogged = -1
    engine.register(EVENT_TICK, () => {
      ticks++
      if (ticks === 1) putLog(engine, 'urgent')
    })
    engine.register(EVENT_LOG, () => {
      ticksWhenLogged = ticks
    })
    putTicks(engine, FLOOD)
    engine.start()
    await engine.stop()
    expect(ticksWhenLogged).toBe(1)
    expect(ticks).toBe(FLOOD)
  })

  it('dispatches events of the urgent lane put before start ahead of ticks put earlier', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    engine.registerGeneral((event) => seen.push(event.type))
    putTicks(engine, 3)
    engine.put({ type: EVENT_ORDER + 'A1' })
    putLog(engine, 'x')
    engine.start()
    await engine.idle()
    expect(seen).toEqual([EVENT_ORDER + 'A1', EVENT_LOG, EVENT_TICK, EVENT_TICK, EVENT_TICK])
  })

  it.each(['setImmediate', 'setTimeout'] as const)(
    'dispatches an eLog put from outside (%s) within one drain slice of a tick flood',
    async (source) => {
      // Every tick costs 0.01 virtual ms: a 4 ms slice holds at most 400 of them.
      const clock = new SliceRecorder()
      const engine = new EventEngine({ interval: 0, scheduler: clock })
      let ticks = 0
      engine.register(EVENT_TICK, () => {
        ticks++
        clock.charge(0.01)
      })
      let put: { ticks: number; slices: number; queued: number } | undefined
      let dispatched: { ticks: number; slices: number } | undefined
      engine.register(EVENT_LOG, () => {
        dispatched = { ticks, slices: clock.slices.length }
      })
      putTicks(engine, FLOOD)
      engine.start()
      const fromOutside = (): void => {
        put = { ticks, slices: clock.slices.length, queued: engine.queued() }
        putLog(engine, 'from I/O')
      }
      if (source === 'setImmediate') setImmediate(fromOutside)
      else setTimeout(fromOutside, 1)
      await engine.stop()

      const ticksPerSlice = Math.max(...clock.slices.map((s) => s.calls))
      expect(ticksPerSlice).toBeLessThanOrEqual(400)
      // The flood was still on when the log came in...
      expect(put!.queued).toBeGreaterThan(ticksPerSlice)
      // ...and the log did not wait for more than the slice that was running.
      expect(dispatched!.slices - put!.slices).toBeLessThanOrEqual(1)
      expect(dispatched!.ticks - put!.ticks).toBeLessThanOrEqual(ticksPerSlice)
    },
  )

  it('routes by configurable prefixes, and needs exactly one catch-all lane', async () => {
    const engine = new EventEngine({
      interval: 0,
      lanes: [{ name: 'orders', prefixes: [EVENT_ORDER] }, { name: 'rest' }, { name: 'tick', prefixes: [EVENT_TICK] }],
    })
    const seen: string[] = []
    engine.registerGeneral((event) => seen.push(event.type))
    putTicks(engine, 1)
    putLog(engine, 'x')
    engine.put({ type: EVENT_ORDER + 'A1' })
    expect(engine.metrics().lanes.map((l) => [l.name, l.depth])).toEqual([
      ['orders', 1],
      ['rest', 1],
      ['tick', 1],
    ])
    engine.start()
    await engine.idle()
    expect(seen).toEqual([EVENT_ORDER + 'A1', EVENT_LOG, EVENT_TICK])
    expect(() => new EventEngine({ lanes: [{ name: 'a', prefixes: ['x'] }] })).toThrow(RangeError)
    expect(() => new EventEngine({ lanes: [{ name: 'a' }, { name: 'b' }] })).toThrow(RangeError)
  })
})

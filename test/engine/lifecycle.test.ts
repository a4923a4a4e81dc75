import { describe, expect, it } from 'vitest'
import { EVENT_TICK, EventEngine, ManualScheduler, type EngineEvent } from '../../src/main/engine'
import type { Tick } from '../../src/shared/objects'
import { putLog, putTicks, turns } from './helpers'

function recordPrices(engine: EventEngine): number[] {
  const prices: number[] = []
  engine.register(EVENT_TICK, (event: EngineEvent<Tick>) => prices.push(event.data!.lastPrice))
  return prices
}

describe('start and stop', () => {
  it('holds events put before start() and dispatches them, in order, after it', async () => {
    const engine = new EventEngine({ interval: 0 })
    const prices = recordPrices(engine)
    putTicks(engine, 5)
    await turns()
    expect(prices).toEqual([])
    expect(engine.isActive).toBe(false)
    engine.start()
    expect(engine.isActive).toBe(true)
    await engine.idle()
    expect(prices).toEqual([0, 1, 2, 3, 4])
  })

  it('stop() resolves only after every event put before it was dispatched', async () => {
    const engine = new EventEngine({ interval: 0 })
    const prices = recordPrices(engine)
    engine.start()
    putTicks(engine, 10_000)
    const stopped = engine.stop()
    expect(engine.isActive).toBe(false)
    await stopped
    expect(prices).toHaveLength(10_000)
    expect(prices[9_999]).toBe(9_999)
  })

  it('stop() also waits for what the handlers of those events put', async () => {
    const engine = new EventEngine({ interval: 0 })
    const messages: string[] = []
    engine.register(EVENT_TICK, (event) => putLog(engine, `after ${event.data!.lastPrice}`))
    engine.register('eLog', (event) => messages.push(event.data!.message))
    engine.start()
    putTicks(engine, 2)
    await engine.stop()
    expect(messages).toEqual(['after 0', 'after 1'])
  })

  it('holds events put while stopped until the next start(), and then works as before', async () => {
    const engine = new EventEngine({ interval: 0 })
    const prices = recordPrices(engine)
    engine.start()
    putTicks(engine, 1)
    await engine.stop()
    putTicks(engine, 2)
    await turns()
    expect(prices).toEqual([0])
    expect(engine.queued()).toBe(2)
    engine.start()
    await engine.idle()
    expect(prices).toEqual([0, 0, 1])
    putTicks(engine, 1)
    await engine.idle()
    expect(prices).toEqual([0, 0, 1, 0])
  })

  it('stop() on an engine that never started resolves at once and keeps its queue', async () => {
    const engine = new EventEngine({ interval: 0 })
    const prices = recordPrices(engine)
    putTicks(engine, 1)
    await engine.stop()
    expect(prices).toEqual([])
    expect(engine.queued()).toBe(1)
  })

  it('a restarted engine runs its timer again', async () => {
    const clock = new ManualScheduler()
    const engine = new EventEngine({ interval: 1, scheduler: clock })
    let timers = 0
    engine.register('eTimer', () => timers++)
    engine.start()
    await engine.stop()
    clock.advance(5000)
    await turns()
    expect(timers).toBe(0)
    engine.start()
    clock.advance(1000)
    await engine.idle()
    expect(timers).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import {
  EVENT_LOG,
  EVENT_TICK,
  EVENT_TIMER,
  EventEngine,
  ManualScheduler,
  type EngineEvent,
} from '../../src/main/engine'
import type { Tick } from '../../src/shared/objects'
import { putLog, putTicks, tick, turns } from './helpers'

describe('dispatch order', () => {
  it('runs type handlers before general handlers, whatever the order they were registered in', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    engine.registerGeneral(() => seen.push('general'))
    engine.register(EVENT_TICK, () => seen.push('tick 1'))
    engine.register(EVENT_TICK, () => seen.push('tick 2'))
    engine.start()
    putTicks(engine, 1)
    await engine.idle()
    expect(seen).toEqual(['tick 1', 'tick 2', 'general'])
  })

  it('gives general handlers every event, the timer and types nobody registered included', async () => {
    const clock = new ManualScheduler()
    const engine = new EventEngine({ interval: 1, scheduler: clock })
    const types: string[] = []
    engine.registerGeneral((event) => types.push(event.type))
    engine.register(EVENT_TICK, () => {})
    engine.start()
    putTicks(engine, 1)
    putLog(engine, 'hello')
    engine.put({ type: 'eUnheard' })
    await engine.idle()
    clock.advance(1000)
    await engine.idle()
    expect(types.sort()).toEqual(['eLog', 'eTick.', 'eTimer', 'eUnheard'])
  })

  it('dispatches the events of one lane in the order they were put', async () => {
    const engine = new EventEngine({ interval: 0 })
    const prices: number[] = []
    const messages: string[] = []
    engine.register(EVENT_TICK, (event: EngineEvent<Tick>) => prices.push(event.data!.lastPrice))
    engine.register(EVENT_LOG, (event) => messages.push(event.data!.message))
    engine.start()
    for (let i = 0; i < 1000; i++) {
      engine.put({ type: EVENT_TICK, data: tick('IF2412.CFFEX', i) })
      if (i % 10 === 0) putLog(engine, `log ${i}`)
    }
    await engine.idle()
    expect(prices).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(messages).toEqual(Array.from({ length: 100 }, (_, i) => `log ${i * 10}`))
  })
})

describe('dispatch works on a snapshot of the handler lists', () => {
  it('does not skip the next handler when one unregisters itself', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    const first = (): void => {
      seen.push('first')
      engine.unregister(EVENT_TICK, first)
    }
    engine.register(EVENT_TICK, first)
    engine.register(EVENT_TICK, () => seen.push('second'))
    engine.register(EVENT_TICK, () => seen.push('third'))
    engine.start()
    putTicks(engine, 2)
    await engine.idle()
    // vnpy skips 'second' here: its list shifts under the loop.
    expect(seen).toEqual(['first', 'second', 'third', 'second', 'third'])
  })

  it('does not skip anyone when a handler unregisters another; the removal counts from the next event', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    const second = (): void => {
      seen.push('second')
    }
    engine.register(EVENT_TICK, () => {
      seen.push('first')
      engine.unregister(EVENT_TICK, second)
    })
    engine.register(EVENT_TICK, second)
    engine.register(EVENT_TICK, () => seen.push('third'))
    engine.start()
    putTicks(engine, 2)
    await engine.idle()
    expect(seen).toEqual(['first', 'second', 'third', 'first', 'third'])
  })

  it('does not skip a general handler when one unregisters itself', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    const first = (): void => {
      seen.push('first')
      engine.unregisterGeneral(first)
    }
    engine.registerGeneral(first)
    engine.registerGeneral(() => seen.push('second'))
    engine.start()
    putTicks(engine, 2)
    await engine.idle()
    expect(seen).toEqual(['first', 'second', 'second'])
  })

  it('runs a handler registered during dispatch from the next event on, type or general', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    const late = (event: EngineEvent<Tick>): void => {
      seen.push(`late ${event.data!.lastPrice}`)
    }
    const lateGeneral = (event: EngineEvent): void => {
      seen.push(`late general ${(event.data as Tick).lastPrice}`)
    }
    engine.register(EVENT_TICK, (event: EngineEvent<Tick>) => {
      seen.push(`early ${event.data!.lastPrice}`)
      engine.register(EVENT_TICK, late)
      engine.registerGeneral(lateGeneral)
    })
    engine.start()
    putTicks(engine, 2)
    await engine.idle()
    expect(seen).toEqual(['early 0', 'early 1', 'late 1', 'late general 1'])
  })
})

describe('put from inside a handler', () => {
  it('queues the event and dispatches it after the current one, never re-entrantly', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    engine.register(EVENT_TICK, () => {
      seen.push('tick begins')
      putLog(engine, 'from the tick')
      seen.push('tick ends')
    })
    engine.register(EVENT_TICK, () => seen.push('second tick handler'))
    engine.register(EVENT_LOG, (event) => seen.push(`log: ${event.data!.message}`))
    engine.start()
    putTicks(engine, 1)
    await engine.idle()
    expect(seen).toEqual(['tick begins', 'tick ends', 'second tick handler', 'log: from the tick'])
  })

  it('never dispatches inside put(), even on a running engine', async () => {
    const engine = new EventEngine({ interval: 0 })
    let calls = 0
    engine.register(EVENT_TICK, () => calls++)
    engine.start()
    await turns()
    putTicks(engine, 3)
    expect(calls).toBe(0)
    await engine.idle()
    expect(calls).toBe(3)
  })

  it('puts a timer event through the same lanes as the rest', async () => {
    const clock = new ManualScheduler()
    const engine = new EventEngine({ interval: 1, scheduler: clock })
    const seen: string[] = []
    engine.register(EVENT_TIMER, () => seen.push('timer'))
    engine.start()
    clock.advance(1000)
    expect(seen).toEqual([])
    await engine.idle()
    expect(seen).toEqual(['timer'])
  })
})

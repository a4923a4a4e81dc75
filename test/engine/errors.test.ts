import { afterEach, describe, expect, it, vi } from 'vitest'
import { ENGINE_SOURCE, EVENT_LOG, EVENT_TICK, EventEngine, type EngineEvent } from '../../src/main/engine'
import type { Log } from '../../src/shared/objects'
import { putLog, putTicks } from './helpers'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a handler that throws', () => {
  it('does not stop the other handlers of the event, nor later events', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    engine.register(EVENT_TICK, (event) => seen.push(`before ${event.data!.lastPrice}`))
    engine.register(EVENT_TICK, () => {
      throw new Error('boom')
    })
    engine.register(EVENT_TICK, (event) => seen.push(`after ${event.data!.lastPrice}`))
    engine.registerGeneral((event) => {
      if (event.type === EVENT_TICK) seen.push('general')
    })
    engine.start()
    putTicks(engine, 2)
    await engine.idle()
    expect(seen).toEqual(['before 0', 'after 0', 'general', 'before 1', 'after 1', 'general'])
  })

  it('is reported as an ERROR eLog naming the event type and the message, and counted', async () => {
    const engine = new EventEngine({ interval: 0 })
    const logs: Log[] = []
    engine.register(EVENT_LOG, (event: EngineEvent<Log>) => logs.push(event.data!))
    engine.register('eOrder.42', () => {
      throw new Error('order book gone')
    })
    engine.registerGeneral((event) => {
      if (event.type === EVENT_TICK) throw 'a string, not an Error'
    })
    engine.start()
    engine.put({ type: 'eOrder.42' })
    putTicks(engine, 1)
    await engine.idle()

    expect(logs).toHaveLength(2)
    expect(logs[0]).toMatchObject({ level: 'ERROR', source: ENGINE_SOURCE })
    expect(logs[0].message).toContain('eOrder.42')
    expect(logs[0].message).toContain('order book gone')
    expect(logs[0].stack).toContain('order book gone')
    expect(logs[1].message).toContain(EVENT_TICK)
    expect(logs[1].message).toContain('a string, not an Error')
    expect(engine.metrics().handlerErrors).toBe(2)
  })

  it('does not start an endless chain when it throws on the error logs too', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    const engine = new EventEngine({ interval: 0 })
    let logsSeen = 0
    engine.registerGeneral((event) => {
      if (event.type === EVENT_LOG) logsSeen++
      throw new Error('I throw on everything')
    })
    engine.start()
    putTicks(engine, 1)
    await engine.idle()
    // One error for the tick, one for the engine's own error log, which goes to the console instead of another eLog.
    expect(logsSeen).toBe(1)
    expect(engine.metrics().handlerErrors).toBe(2)
    expect(engine.queued()).toBe(0)
    expect(consoleError).toHaveBeenCalledTimes(1)

    // A log from anyone else is still reported when a handler throws on it.
    putLog(engine, 'from a gateway')
    await engine.idle()
    expect(logsSeen).toBe(3)
    expect(engine.metrics().handlerErrors).toBe(4)
  })
})

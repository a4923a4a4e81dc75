import { describe, expect, it } from 'vitest'
import { EVENT_LOG, EVENT_TICK, EventEngine } from '../../src/main/engine'
import { putTicks } from './helpers'

describe('register / unregister', () => {
  it('calls a handler registered twice once per event', async () => {
    const engine = new EventEngine({ interval: 0 })
    let calls = 0
    const onTick = (): void => {
      calls++
    }
    engine.register(EVENT_TICK, onTick)
    engine.register(EVENT_TICK, onTick)
    expect(engine.handlerCount()).toBe(1)
    engine.start()
    putTicks(engine, 3)
    await engine.idle()
    expect(calls).toBe(3)
  })

  it('drops a type when its last handler is unregistered, and stops calling it', async () => {
    const engine = new EventEngine({ interval: 0 })
    let calls = 0
    const a = (): void => {
      calls++
    }
    const b = (): void => {
      calls++
    }
    engine.register(EVENT_TICK, a)
    engine.register(EVENT_TICK, b)
    engine.register(EVENT_LOG, a)
    expect(engine.types().sort()).toEqual([EVENT_LOG, EVENT_TICK])
    engine.unregister(EVENT_TICK, a)
    expect(engine.types()).toContain(EVENT_TICK)
    engine.unregister(EVENT_TICK, b)
    expect(engine.types()).toEqual([EVENT_LOG])
    expect(engine.handlerCount()).toBe(1)
    engine.start()
    putTicks(engine, 2)
    await engine.idle()
    expect(calls).toBe(0)
  })

  it('ignores unregistering what was never registered', () => {
    const engine = new EventEngine({ interval: 0 })
    const a = (): void => {}
    const b = (): void => {}
    engine.register(EVENT_TICK, a)
    engine.unregister(EVENT_TICK, b)
    engine.unregister(EVENT_LOG, a)
    engine.unregister('eNever', b)
    engine.unregisterGeneral(b)
    expect(engine.handlerCount()).toBe(1)
    expect(engine.types()).toEqual([EVENT_TICK])
  })

  it('counts general handlers in handlerCount, once each', () => {
    const engine = new EventEngine({ interval: 0 })
    const general = (): void => {}
    engine.register(EVENT_TICK, () => {})
    engine.registerGeneral(general)
    engine.registerGeneral(general)
    expect(engine.handlerCount()).toBe(2)
    engine.unregisterGeneral(general)
    expect(engine.handlerCount()).toBe(1)
  })

  it('returns disposers that unregister, and do nothing the second time', async () => {
    const engine = new EventEngine({ interval: 0 })
    const seen: string[] = []
    const onTick = (): void => {
      seen.push('tick')
    }
    const general = (): void => {
      seen.push('general')
    }
    const disposeTick = engine.register(EVENT_TICK, onTick)
    const disposeGeneral = engine.registerGeneral(general)
    expect(engine.handlerCount()).toBe(2)
    disposeTick()
    disposeGeneral()
    expect(engine.handlerCount()).toBe(0)
    expect(engine.types()).toEqual([])

    // A new owner registers the same functions; the first owner's stale disposers must leave them alone.
    engine.register(EVENT_TICK, onTick)
    engine.registerGeneral(general)
    disposeTick()
    disposeGeneral()
    expect(engine.handlerCount()).toBe(2)

    engine.start()
    putTicks(engine, 1)
    await engine.idle()
    expect(seen).toEqual(['tick', 'general'])
  })
})

import { describe, expectTypeOf, it } from 'vitest'
import {
  EVENT_LOG,
  EVENT_ORDER,
  EVENT_TICK,
  EVENT_TIMER,
  EventEngine,
  type EngineEvent,
  type TimerData,
} from '../../src/main/engine'
import type { Log, Order, Tick } from '../../src/shared/objects'

// Checked by the type checker (npm run typecheck); at run time these are no-ops.
describe('handler typing', () => {
  it('gives register(EVENT_TICK, h) an event whose data is a Tick, without casts', () => {
    const engine = new EventEngine({ interval: 0 })
    engine.register(EVENT_TICK, (event) => {
      expectTypeOf(event).toEqualTypeOf<EngineEvent<Tick>>()
      expectTypeOf(event.data).toEqualTypeOf<Tick | undefined>()
    })
    engine.register(`${EVENT_TICK}IF2412.CFFEX`, (event) => {
      expectTypeOf(event.data).toEqualTypeOf<Tick | undefined>()
    })
    engine.register(`${EVENT_ORDER}A1`, (event) => {
      expectTypeOf(event.data).toEqualTypeOf<Order | undefined>()
    })
    engine.register(EVENT_LOG, (event) => {
      expectTypeOf(event.data).toEqualTypeOf<Log | undefined>()
    })
    engine.register(EVENT_TIMER, (event) => {
      expectTypeOf(event.data).toEqualTypeOf<TimerData | undefined>()
    })
    engine.register('eSomethingElse', (event) => {
      expectTypeOf(event.data).toEqualTypeOf<unknown>()
    })
  })

  it('rejects a payload that does not match the type', () => {
    const engine = new EventEngine({ interval: 0 })
    const log: Log = { time: 0, level: 'INFO', source: 'test', message: 'x' }
    // @ts-expect-error a Log is not a Tick
    engine.put({ type: EVENT_TICK, data: log })
    // @ts-expect-error a Tick handler cannot take Logs
    engine.register(EVENT_LOG, (event: EngineEvent<Tick>) => event)
    engine.put({ type: EVENT_LOG, data: log })
  })
})

/**
 * Put + dispatch throughput of EventEngine beside bare emitters, measured
 * interleaved (every contender once per round) so machine noise hits all
 * alike; the median over rounds is reported.
 *
 * Rates are events per second of main-thread CPU time
 * (`process.threadCpuUsage`), which other processes on a shared machine do
 * not inflate the way they inflate wall-clock time; the wall-clock median is
 * kept beside it.
 */
import { EventEmitter } from 'node:events'
import EventEmitter3 from 'eventemitter3'
import { EVENT_TICK, EventEngine, type EngineEvent } from '../../src/main/engine'
import type { Tick } from '../../src/shared/objects'
import { breathe, median } from './suite'

export type Contender = 'EventEngine' | 'node:events' | 'eventemitter3'
export type Scenario = '1 handler' | '5 handlers' | '1 typed + 1 general'

export const CONTENDERS: Contender[] = ['EventEngine', 'node:events', 'eventemitter3']
export const SCENARIOS: Scenario[] = ['1 handler', '5 handlers', '1 typed + 1 general']

export interface Rate {
  /** Events per second of main-thread CPU time. */
  cpu: number
  /** Events per second of wall-clock time. */
  wall: number
}

class Stopwatch {
  private readonly wall0 = performance.now()
  private readonly cpu0 = process.threadCpuUsage()

  rate(events: number): Rate {
    const cpu = process.threadCpuUsage(this.cpu0)
    return {
      cpu: (events / ((cpu.user + cpu.system) / 1000)) * 1000,
      wall: (events / (performance.now() - this.wall0)) * 1000,
    }
  }
}

/** Handlers are created once, so every run sees the same call targets, as a long-lived app does. */
let sink = 0
const HANDLERS = [0, 1, 2, 3, 4].map((k) => (event: EngineEvent<Tick> | Tick): void => {
  sink += k
  if (event === undefined) throw new Error('no event')
})
const GENERAL = (): void => {
  sink++
}

const TICK = { vtSymbol: 'IF2412.CFFEX', lastPrice: 3900 } as unknown as Tick
/** Events are put in batches: a gateway socket delivers a burst, the drain dispatches it. */
const BATCH = 10_000

function handlerCount(scenario: Scenario): number {
  return scenario === '5 handlers' ? 5 : scenario === '1 handler' ? 1 : 2
}

/** Every put allocates its event, as a gateway's does: the `{ type, data }` wrapper is part of the engine's cost. */
async function runEngine(scenario: Scenario, events: number): Promise<Rate> {
  const engine = new EventEngine({ interval: 0 })
  if (scenario === '1 typed + 1 general') {
    engine.register(EVENT_TICK, HANDLERS[0])
    engine.registerGeneral(GENERAL)
  } else {
    for (let k = 0; k < handlerCount(scenario); k++) engine.register(EVENT_TICK, HANDLERS[k])
  }
  engine.start()
  const watch = new Stopwatch()
  for (let done = 0; done < events; done += BATCH) {
    for (let i = 0; i < BATCH; i++) engine.put({ type: EVENT_TICK, data: TICK })
    await engine.idle()
  }
  const rate = watch.rate(events)
  await engine.stop()
  return rate
}

interface Emitter {
  on(type: string, fn: (tick: Tick) => void): unknown
  emit(type: string, tick: Tick): boolean
}

/** The same batches as the engine's, emitted synchronously, with a yield between batches. */
async function runEmitter(emitter: Emitter, scenario: Scenario, events: number): Promise<Rate> {
  for (let k = 0; k < handlerCount(scenario); k++) emitter.on(EVENT_TICK, HANDLERS[k])
  const watch = new Stopwatch()
  for (let done = 0; done < events; done += BATCH) {
    for (let i = 0; i < BATCH; i++) emitter.emit(EVENT_TICK, TICK)
    await breathe()
  }
  return watch.rate(events)
}

function runOnce(contender: Contender, scenario: Scenario, events: number): Promise<Rate> {
  if (contender === 'EventEngine') return runEngine(scenario, events)
  const emitter = contender === 'node:events' ? new EventEmitter() : new EventEmitter3()
  return runEmitter(emitter, scenario, events)
}

/** Median rates per contender and scenario, keyed `${contender}/${scenario}`. */
export async function measureThroughput(rounds: number, events: number): Promise<Map<string, Rate>> {
  const samples = new Map<string, Rate[]>()
  for (let round = -1; round < rounds; round++) {
    for (const scenario of SCENARIOS) {
      for (const contender of CONTENDERS) {
        const rate = await runOnce(contender, scenario, events)
        // Round -1 warms the JIT up and is not counted.
        if (round >= 0)
          samples.set(`${contender}/${scenario}`, [...(samples.get(`${contender}/${scenario}`) ?? []), rate])
        await breathe()
      }
    }
  }
  if (sink === 0) throw new Error('handlers never ran')
  return new Map(
    [...samples].map(([key, rates]) => [
      key,
      { cpu: median(rates.map((r) => r.cpu)), wall: median(rates.map((r) => r.wall)) },
    ]),
  )
}

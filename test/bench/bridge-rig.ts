/**
 * What the bridge benchmark runs on: an engine with one client session whose
 * window keeps up (or stalls), and the ticks and orders fed to it.
 */
import { performance } from 'node:perf_hooks'
import { serialize } from 'node:v8'
import { ClientSession, type SessionOptions } from '../../src/main/bridge'
import { EventEngine } from '../../src/main/engine'
import type { Batch } from '../../src/shared/contract'
import { EVENT_TICK } from '../../src/shared/events'
import type { Order, Tick } from '../../src/shared/objects'
import { emptySnapshot } from '../shared/fixtures'

/** Instruments the ticks go round. */
export const SYMBOLS = 200

const EMPTY_SNAPSHOT = emptySnapshot()

/** A plausible tick of the i-th of the bench's symbols (`S<i>.SHFE`). */
export function tickTemplate(i: number): Tick {
  const price = 1000 + i
  return {
    gatewayName: 'SIM',
    symbol: `S${i}`,
    exchange: 'SHFE',
    vtSymbol: `S${i}.SHFE`,
    datetime: 0,
    name: `Symbol ${i}`,
    lastPrice: price,
    lastVolume: 1,
    volume: 0,
    turnover: 0,
    openInterest: 0,
    openPrice: price,
    highPrice: price,
    lowPrice: price,
    preClose: price,
    limitUp: price * 1.1,
    limitDown: price * 0.9,
    bidPrice1: price - 1,
    bidPrice2: price - 2,
    bidPrice3: price - 3,
    bidPrice4: price - 4,
    bidPrice5: price - 5,
    askPrice1: price + 1,
    askPrice2: price + 2,
    askPrice3: price + 3,
    askPrice4: price + 4,
    askPrice5: price + 5,
    bidVolume1: 10,
    bidVolume2: 20,
    bidVolume3: 30,
    bidVolume4: 40,
    bidVolume5: 50,
    askVolume1: 10,
    askVolume2: 20,
    askVolume3: 30,
    askVolume4: 40,
    askVolume5: 50,
  }
}

const TEMPLATES = Array.from({ length: SYMBOLS }, (_, i) => tickTemplate(i))

export function order(n: number, stamp: number): Order {
  return {
    gatewayName: 'SIM',
    symbol: 'S0',
    exchange: 'SHFE',
    vtSymbol: 'S0.SHFE',
    orderId: String(n),
    vtOrderId: `SIM.${n}`,
    type: 'LIMIT',
    direction: 'LONG',
    offset: 'OPEN',
    price: 1000,
    volume: 1,
    traded: 0,
    status: 'NOTTRADED',
    datetime: stamp,
    reference: 'bench',
  }
}

export interface Rig {
  engine: EventEngine
  session: ClientSession | undefined
  /** Ticks and orders as the window received them, with put → hand-over latency. */
  tickLatencies: number[]
  orderLatencies: number[]
  batches: number
  bytes: number
  /** Unacknowledged batches, held as a transport's buffer would hold them. */
  inFlight: Batch[]
  dispose(): Promise<void>
}

/** An engine and (unless `withSession` is false) one session whose window keeps up, or stalls. */
export function rig(withSession: boolean, stalled = false, options: SessionOptions = {}): Rig {
  const engine = new EventEngine({ interval: 0 })
  engine.start()
  const r: Rig = {
    engine,
    session: undefined,
    tickLatencies: [],
    orderLatencies: [],
    batches: 0,
    bytes: 0,
    inFlight: [],
    async dispose() {
      r.session?.dispose()
      await engine.stop()
    },
  }
  if (!withSession) {
    engine.register(EVENT_TICK, () => {})
    return r
  }
  const session = new ClientSession(
    engine,
    () => EMPTY_SNAPSHOT,
    (batch) => {
      const now = performance.now()
      r.bytes += serialize(batch).length
      r.batches++
      for (const tick of batch.items.tick ?? []) r.tickLatencies.push(now - tick.datetime)
      for (const o of batch.items.order ?? []) r.orderLatencies.push(now - o.datetime)
      if (stalled) r.inFlight.push(batch)
      else setImmediate(() => session.ack(batch.seq))
    },
    options,
  )
  session.subscribe({ kinds: ['tick', 'order', 'log'] })
  r.session = session
  return r
}

/** Puts ticks (new objects, as a gateway makes them) across the symbols. */
export function putTicks(engine: EventEngine, count: number, from: number): void {
  const stamp = performance.now()
  for (let i = 0; i < count; i++) {
    const template = TEMPLATES[(from + i) % SYMBOLS]
    engine.put({ type: EVENT_TICK, data: { ...template, lastPrice: template.lastPrice + (i & 7), datetime: stamp } })
  }
}

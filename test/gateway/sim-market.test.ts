import { describe, expect, it } from 'vitest'
import { EventEngine, ManualScheduler, type Scheduler } from '../../src/main/engine'
import { SimGateway } from '../../src/main/gateway/sim'
import { INSTRUMENTS } from '../../src/main/gateway/sim/instruments'
import { MarketModel } from '../../src/main/gateway/sim/market'
import { Random } from '../../src/main/gateway/sim/random'
import { EVENT_TICK } from '../../src/shared/events'
import type { Tick } from '../../src/shared/objects'
import { SEED, SESSION_OPEN, splitVtSymbol, startSession } from './harness'

const RB = 'rb2701.SHFE'
const IF = 'IF2612.CFFEX'

function collectTicks(engine: EventEngine, type: string = EVENT_TICK): Tick[] {
  const ticks: Tick[] = []
  engine.register(type, (event) => ticks.push(event.data as Tick))
  return ticks
}

async function ticksOfRun(seed: number): Promise<Tick[]> {
  const session = await startSession({ setting: { seed }, subscribe: [RB, IF] })
  const ticks = collectTicks(session.engine)
  await session.run(30_000)
  await session.main.close()
  return ticks
}

function bidPrices(tick: Tick): number[] {
  return [tick.bidPrice1, tick.bidPrice2, tick.bidPrice3, tick.bidPrice4, tick.bidPrice5]
}

function askPrices(tick: Tick): number[] {
  return [tick.askPrice1, tick.askPrice2, tick.askPrice3, tick.askPrice4, tick.askPrice5]
}

function onGrid(price: number, pricetick: number): boolean {
  const ratio = price / pricetick
  return Math.abs(ratio - Math.round(ratio)) < 1e-9
}

describe('SimGateway market data', () => {
  it('sends ticks for subscribed instruments only, about two a second each, under both event types', async () => {
    const { engine, main, run } = await startSession({ subscribe: [RB] })
    const all = collectTicks(engine)
    const rbOnly = collectTicks(engine, EVENT_TICK + RB)
    const ifOnly = collectTicks(engine, EVENT_TICK + IF)
    await run(5000)
    expect(all).toHaveLength(10)
    expect(new Set(all.map((tick) => tick.vtSymbol))).toEqual(new Set([RB]))
    expect(rbOnly).toEqual(all)
    expect(ifOnly).toHaveLength(0)
    expect(main.getTick(IF)).toBeUndefined()

    main.subscribe(splitVtSymbol(IF), 'SIM')
    await run(1000)
    expect(ifOnly).toHaveLength(2)
    expect(ifOnly[0].datetime).toBe(SESSION_OPEN + 5500)
    await main.close()
  })

  it('gives the same ticks for the same seed, and others for another seed', async () => {
    const first = await ticksOfRun(SEED)
    const again = await ticksOfRun(SEED)
    const other = await ticksOfRun(SEED + 1)
    expect(first).toHaveLength(120)
    expect(again).toEqual(first)
    expect(other.map((tick) => tick.lastPrice)).not.toEqual(first.map((tick) => tick.lastPrice))
  })

  it('keeps prices on the tick grid, a sorted 5-level book and cumulative volume, turnover and open interest', async () => {
    const ticks = await ticksOfRun(SEED)
    const previous = new Map<string, Tick>()
    for (const tick of ticks) {
      const spec = INSTRUMENTS.find((s) => `${s.symbol}.${s.exchange}` === tick.vtSymbol)!
      for (const price of [tick.lastPrice, ...bidPrices(tick), ...askPrices(tick)])
        expect(onGrid(price, spec.pricetick), `${price} on ${spec.pricetick}`).toBe(true)
      expect(tick.bidPrice1).toBeLessThan(tick.askPrice1)
      expect(tick.lastPrice).toBeGreaterThanOrEqual(tick.bidPrice1)
      expect(tick.lastPrice).toBeLessThanOrEqual(tick.askPrice1)
      expect(bidPrices(tick)).toEqual([...bidPrices(tick)].sort((a, b) => b - a))
      expect(askPrices(tick)).toEqual([...askPrices(tick)].sort((a, b) => a - b))
      expect(tick.lowPrice).toBeLessThanOrEqual(tick.lastPrice)
      expect(tick.highPrice).toBeGreaterThanOrEqual(tick.lastPrice)
      expect(tick.limitUp).toBeCloseTo(
        Math.floor((spec.preClose * (1 + spec.limitRate)) / spec.pricetick) * spec.pricetick,
        6,
      )
      const before = previous.get(tick.vtSymbol)
      if (before !== undefined) {
        expect(tick.volume).toBe(before.volume + tick.lastVolume)
        expect(tick.turnover).toBeCloseTo(before.turnover + tick.lastPrice * tick.lastVolume * spec.size, 1)
        expect(tick.openInterest).toBeGreaterThan(0)
      }
      previous.set(tick.vtSymbol, tick)
    }
  })

  it('holds the price inside limit up and limit down, with no offers at limit up', () => {
    const wild = { ...INSTRUMENTS[1], volatility: 0.02 }
    const market = new MarketModel(wild, new Random(SEED))
    const seen = new Set<string>()
    for (let i = 0; i < 5000; i++) {
      market.step(0.5, SESSION_OPEN + i * 500)
      const tick = market.toTick('SIM')
      expect(tick.lastPrice).toBeLessThanOrEqual(tick.limitUp)
      expect(tick.lastPrice).toBeGreaterThanOrEqual(tick.limitDown)
      for (const price of [...bidPrices(tick), ...askPrices(tick)].filter((p) => p > 0)) {
        expect(price).toBeLessThanOrEqual(tick.limitUp)
        expect(price).toBeGreaterThanOrEqual(tick.limitDown)
      }
      if (tick.lastPrice === tick.limitUp) {
        seen.add('up')
        expect(tick.askPrice1).toBe(0)
        expect(tick.askVolume1).toBe(0)
      }
      if (tick.lastPrice === tick.limitDown) {
        seen.add('down')
        expect(tick.bidVolume1).toBe(0)
      }
    }
    expect(seen).toEqual(new Set(['up', 'down']))
  })

  it('generates a stress rate in batches: one timer callback makes many ticks', async () => {
    const manual = new ManualScheduler(0, SESSION_OPEN)
    let timersSet = 0
    const counting: Scheduler = {
      now: () => manual.now(),
      epoch: (t) => manual.epoch(t),
      setTimer: (fn, ms) => (timersSet++, manual.setTimer(fn, ms)),
      clearTimer: (handle) => manual.clearTimer(handle),
      yieldThen: (fn) => manual.yieldThen(fn),
      precise: true,
    }
    const engine = new EventEngine({ scheduler: counting, interval: 0 })
    const sim = new SimGateway(engine, { scheduler: counting })
    engine.start()
    sim.connect({ seed: SEED, tickRate: 10_000 })
    for (const spec of INSTRUMENTS) sim.subscribe({ symbol: spec.symbol, exchange: spec.exchange })
    const ticks = collectTicks(engine)
    manual.advance(1000)
    await engine.idle()
    // 10,000 ticks a second for each of the six instruments, from at most one timer per 10 ms.
    expect(ticks).toHaveLength(10_000 * INSTRUMENTS.length)
    expect(timersSet).toBeLessThanOrEqual(1 + 1000 / 10)
    expect(ticks.every((tick, i) => i === 0 || tick.datetime >= ticks[i - 1].datetime)).toBe(true)
    sim.close()
    await engine.stop()
  })
})

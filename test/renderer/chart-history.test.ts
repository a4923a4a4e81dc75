import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CandleBook, type Candle } from '@renderer/chart/candle-book'
import { chartTime } from '@renderer/chart/chart-data'
import { HISTORY_MINUTES, loadHistory } from '@renderer/chart/history'
import PriceChart from '@renderer/components/PriceChart.vue'
import type { Bar } from '../../src/shared/objects'
import { contract, FakeApi, setup, tick } from './fixtures'

/** lightweight-charts draws on a canvas happy-dom lacks: a stand-in that records what the chart was given. */
const drawn = vi.hoisted(() => ({ setData: [] as { time: number; close: number }[][], updates: 0 }))
vi.mock('lightweight-charts', () => {
  const series = {
    setData: (data: { time: number; close: number }[]) => void drawn.setData.push(data),
    update: () => void drawn.updates++,
    applyOptions: () => undefined,
  }
  return {
    CandlestickSeries: {},
    ColorType: { Solid: 'solid' },
    createChart: () => ({
      addSeries: () => series,
      applyOptions: () => undefined,
      timeScale: () => ({ scrollToRealTime: () => undefined }),
      remove: () => undefined,
    }),
    createSeriesMarkers: () => ({ setMarkers: () => undefined }),
  }
})

enableAutoUnmount(afterEach)

const MINUTE = 60_000
/** 01:30:00 UTC: the live minute in these tests. */
const NOW_MINUTE = Date.UTC(2026, 10, 26, 1, 30)
const IF = 'IF2412.CFFEX'

function bar(datetime: number, close: number, overrides: Partial<Bar> = {}): Bar {
  return {
    gatewayName: 'SIM',
    symbol: 'IF2412',
    exchange: 'CFFEX',
    vtSymbol: IF,
    datetime,
    interval: 1,
    volume: 10,
    turnover: 0,
    openInterest: 0,
    openPrice: close - 1,
    highPrice: close + 2,
    lowPrice: close - 2,
    closePrice: close,
    ...overrides,
  }
}

/** `count` bars ending with the minute before `end`, as the host answers market:history. */
function history(count: number, end = NOW_MINUTE, close = 3900): Bar[] {
  return Array.from({ length: count }, (_, i) => bar(end - (count - i) * MINUTE, close + i * 0.2))
}

const candle = (b: Bar): Candle => ({
  time: b.datetime,
  open: b.openPrice,
  high: b.highPrice,
  low: b.lowPrice,
  close: b.closePrice,
  volume: b.volume,
})

const times = (candles: readonly Candle[]): number[] => candles.map((c) => c.time)

function expectOneBarPerMinute(candles: readonly Candle[]): void {
  for (let i = 1; i < candles.length; i++) expect(candles[i].time - candles[i - 1].time).toBe(MINUTE)
}

describe('CandleBook.seed: history before live bars', () => {
  it('takes every bar of a history when nothing was built yet, and the next tick continues it', () => {
    const book = new CandleBook()
    const bars = history(240)
    expect(book.seed(IF, bars.map(candle))).toBe(240)
    expect(book.candles(IF)).toEqual(bars.map(candle))
    book.update(tick('IF2412', 3950, { datetime: NOW_MINUTE + 500 }))
    book.update(tick('IF2412', 3952, { datetime: NOW_MINUTE + 1500 }))
    const candles = book.candles(IF)
    expect(candles).toHaveLength(241)
    expect(candles.at(-1)).toMatchObject({ time: NOW_MINUTE, open: 3950, close: 3952, high: 3952, low: 3950 })
    expectOneBarPerMinute(candles)
  })

  it('keeps the live bars when history arrives after ticks built them: no duplicate minute, the live one wins', () => {
    const book = new CandleBook()
    // The page opened during the previous minute: live bars for 01:29 (partial) and 01:30.
    book.update(tick('IF2412', 4000, { datetime: NOW_MINUTE - 10_000 }))
    book.update(tick('IF2412', 4001, { datetime: NOW_MINUTE + 2_000 }))
    const live = book.candles(IF).map((c) => ({ ...c }))
    expect(times(live)).toEqual([NOW_MINUTE - MINUTE, NOW_MINUTE])

    const bars = history(240) // 01:30 - 240 min … 01:29, one of them the minute live ticks built
    expect(book.seed(IF, bars.map(candle))).toBe(239)
    const candles = book.candles(IF)
    expect(candles).toHaveLength(241)
    expect(new Set(times(candles)).size).toBe(candles.length)
    expectOneBarPerMinute(candles)
    expect(candles.slice(-2)).toEqual(live)
    expect(candles[0]).toEqual(candle(bars[0]))

    // Asked again (the instrument shown again): nothing older, nothing changes.
    expect(book.seed(IF, history(240, NOW_MINUTE + MINUTE).map(candle))).toBe(0)
    expect(book.candles(IF)).toBe(candles)
    expect(candles).toHaveLength(241)
  })

  it('drops bars out of order, off the interval grid, or beyond maxBars (the newest are kept)', () => {
    const book = new CandleBook(MINUTE, 100)
    const bars = history(240).map(candle)
    const messy = [...bars.slice(0, 5), bars[2], { ...bars[5], time: bars[5].time + 1 }, ...bars.slice(6)]
    expect(book.seed(IF, messy)).toBe(100)
    expect(book.candles(IF)).toEqual(bars.slice(-100))
  })

  it('adds nothing when the live bars already fill maxBars', () => {
    const book = new CandleBook(MINUTE, 2)
    book.update(tick('IF2412', 4000, { datetime: NOW_MINUTE - MINUTE }))
    book.update(tick('IF2412', 4001, { datetime: NOW_MINUTE }))
    expect(book.seed(IF, history(10, NOW_MINUTE - MINUTE).map(candle))).toBe(0)
    expect(times(book.candles(IF))).toEqual([NOW_MINUTE - MINUTE, NOW_MINUTE])
  })
})

describe('loadHistory', () => {
  beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => undefined))
  afterEach(() => vi.restoreAllMocks())

  it('asks market:history for the instrument and seeds the book with the reply', async () => {
    const api = new FakeApi()
    api.reply('market:history', () => ({ ok: true, value: history(HISTORY_MINUTES) }))
    const book = new CandleBook()
    expect(await loadHistory(api, book, IF)).toBe(HISTORY_MINUTES)
    expect(api.callsTo('market:history')).toEqual([{ vtSymbol: IF, minutes: HISTORY_MINUTES }])
    expect(book.candles(IF)).toHaveLength(HISTORY_MINUTES)
  })

  it('leaves the book as it was on an error reply, a rejected call, or bars of another interval', async () => {
    const api = new FakeApi()
    const book = new CandleBook()
    book.update(tick('IF2412', 4000, { datetime: NOW_MINUTE }))
    api.reply('market:history', () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'No contract' } }))
    expect(await loadHistory(api, book, IF)).toBe(0)
    api.reply('market:history', () => Promise.reject(new Error('socket closed')))
    expect(await loadHistory(api, book, IF)).toBe(0)
    api.reply('market:history', () => ({ ok: true, value: history(5).map((b) => ({ ...b, interval: 5 })) }))
    expect(await loadHistory(api, book, IF)).toBe(0)
    expect(times(book.candles(IF))).toEqual([NOW_MINUTE])
  })
})

describe('PriceChart with history', () => {
  beforeEach(() => {
    drawn.setData = []
    drawn.updates = 0
  })

  function mountChart(reply: (request: { vtSymbol: string }) => Bar[] | Promise<Bar[]>) {
    const env = setup()
    env.api.reply('market:history', async (request) => ({
      ok: true,
      value: await reply(request as { vtSymbol: string }),
    }))
    env.snapshot({ contracts: [contract('IF2412'), contract('IO2412')] })
    const wrapper = mount(PriceChart, { props: { vtSymbol: IF }, global: env.global })
    return { env, wrapper }
  }

  it('asks for history on first show and draws it joined to the live bar', async () => {
    const { env } = mountChart(() => history(240))
    expect(env.api.callsTo('market:history')).toEqual([{ vtSymbol: IF, minutes: 240 }])
    await flushPromises()
    env.push({ tick: [tick('IF2412', 3950, { datetime: NOW_MINUTE + 1000 })] })
    const candles = env.store.candles.candles(IF)
    expect(candles).toHaveLength(241)
    expectOneBarPerMinute(candles)
    expect(drawn.setData.at(-1)).toHaveLength(240)
    expect(drawn.setData.at(-1)!.at(-1)).toMatchObject({ time: chartTime(NOW_MINUTE - MINUTE) })
  })

  it('keeps the live bar built before a late reply, and asks again for a newly chosen instrument', async () => {
    let release: (bars: Bar[]) => void = () => undefined
    const { env, wrapper } = mountChart((request) =>
      request.vtSymbol === IF ? new Promise<Bar[]>((resolve) => (release = resolve)) : history(10, NOW_MINUTE, 50),
    )
    env.push({ tick: [tick('IF2412', 3950, { datetime: NOW_MINUTE - 1000 })] }) // 01:29, built live
    release(history(240))
    await flushPromises()
    const candles = env.store.candles.candles(IF)
    expect(candles).toHaveLength(240)
    expect(candles.at(-1)).toMatchObject({ time: NOW_MINUTE - MINUTE, open: 3950, close: 3950 })
    expect(new Set(times(candles)).size).toBe(240)
    expect(drawn.setData.at(-1)!.at(-1)).toMatchObject({ time: chartTime(NOW_MINUTE - MINUTE), close: 3950 })

    await wrapper.setProps({ vtSymbol: 'IO2412.CFFEX' })
    await flushPromises()
    expect(env.api.callsTo('market:history')).toEqual([
      { vtSymbol: IF, minutes: 240 },
      { vtSymbol: 'IO2412.CFFEX', minutes: 240 },
    ])
    expect(env.store.candles.candles('IO2412.CFFEX')).toHaveLength(10)
    expect(drawn.setData.at(-1)).toHaveLength(10)
  })

  it('a reply for an instrument no longer shown seeds its candles but does not draw them', async () => {
    let release: (bars: Bar[]) => void = () => undefined
    const { env, wrapper } = mountChart((request) =>
      request.vtSymbol === IF ? new Promise<Bar[]>((resolve) => (release = resolve)) : [],
    )
    await wrapper.setProps({ vtSymbol: 'IO2412.CFFEX' })
    const draws = drawn.setData.length
    release(history(30))
    await flushPromises()
    expect(env.store.candles.candles(IF)).toHaveLength(30)
    expect(drawn.setData.length).toBe(draws)
  })
})

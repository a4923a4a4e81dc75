import { describe, expect, it } from 'vitest'
import { BarGenerator, aggregateBars, type WindowUnit } from '../../src/shared/bar-generator'
import type { Bar, Tick } from '../../src/shared/objects'

const T0 = Date.UTC(2026, 10, 26, 1, 30)
const MIN = 60_000

function tick(at: number, lastPrice: number, volume: number): Tick {
  return {
    symbol: 'IF2612',
    exchange: 'CFFEX',
    vtSymbol: 'IF2612.CFFEX',
    gatewayName: 'SIM',
    datetime: at,
    lastPrice,
    volume,
    turnover: volume * lastPrice * 300,
    openInterest: 100,
  } as Tick
}

/** A generator fed 1-minute bars, and the window bars it emitted. */
function windowBars(window: number, unit?: WindowUnit): { bg: BarGenerator; emitted: Bar[] } {
  const emitted: Bar[] = []
  return {
    bg: new BarGenerator(
      () => undefined,
      window,
      (bar) => emitted.push(bar),
      unit,
    ),
    emitted,
  }
}

describe('BarGenerator', () => {
  it('builds a 1-minute bar from ticks with OHLC and the volume traded in that minute', () => {
    const bars: Bar[] = []
    const bg = new BarGenerator((b) => bars.push(b))
    bg.updateTick(tick(T0 + 1_000, 4650, 1000))
    bg.updateTick(tick(T0 + 20_000, 4655.2, 1010))
    bg.updateTick(tick(T0 + 40_000, 4648, 1013))
    bg.updateTick(tick(T0 + 59_999, 4651, 1020))
    expect(bars).toEqual([])
    bg.updateTick(tick(T0 + MIN + 500, 4652, 1030))
    expect(bars).toHaveLength(1)
    expect(bars[0]).toMatchObject({
      datetime: T0,
      interval: 1,
      openPrice: 4650,
      highPrice: 4655.2,
      lowPrice: 4648,
      closePrice: 4651,
      volume: 20,
    })
  })

  it('closes the bar on the timer when no tick follows, and only once its minute has ended', () => {
    const bars: Bar[] = []
    const bg = new BarGenerator((b) => bars.push(b))
    bg.updateTick(tick(T0 + 5_000, 4650, 10))
    bg.closeDue(T0 + 59_999)
    expect(bars).toEqual([])
    bg.closeDue(T0 + MIN)
    expect(bars.map((b) => b.datetime)).toEqual([T0])
    bg.closeDue(T0 + 2 * MIN)
    expect(bars).toHaveLength(1)
  })

  it('ignores a tick older than the last one, so an emitted minute never reopens', () => {
    const bars: Bar[] = []
    const bg = new BarGenerator((b) => bars.push(b))
    bg.updateTick(tick(T0 + 5_000, 4650, 10))
    bg.updateTick(tick(T0 + MIN + 1, 4651, 11))
    bg.updateTick(tick(T0 + 30_000, 4000, 12))
    bg.closeDue(T0 + 2 * MIN)
    expect(bars.map((b) => [b.datetime, b.lowPrice])).toEqual([
      [T0, 4650],
      [T0 + MIN, 4651],
    ])
  })

  it('makes N-minute bars from 1-minute bars, emitted when the window closes', () => {
    const { bg, emitted: windows } = windowBars(5)
    const minute = (i: number, close: number): Bar =>
      ({
        datetime: T0 + i * MIN,
        interval: 1,
        openPrice: close - 1,
        highPrice: close + 2,
        lowPrice: close - 3,
        closePrice: close,
        volume: 10,
        turnover: 100,
        openInterest: i,
      }) as Bar
    for (let i = 0; i < 4; i++) bg.updateBar(minute(i, 100 + i))
    expect(windows).toEqual([])
    bg.updateBar(minute(4, 104))
    expect(windows).toHaveLength(1)
    expect(windows[0]).toMatchObject({
      datetime: T0,
      interval: 5,
      openPrice: 99,
      highPrice: 106,
      lowPrice: 97,
      closePrice: 104,
      volume: 50,
    })
    // A gap after minute 5: the window closes when a bar of the next window arrives.
    bg.updateBar(minute(5, 110))
    bg.updateBar(minute(11, 120))
    expect(windows.map((w) => [w.datetime, w.closePrice])).toEqual([
      [T0, 104],
      [T0 + 5 * MIN, 110],
    ])
  })

  /** One minute of rebar at `at` (epoch ms) closing at `close`. */
  const rebar = (at: number, close: number): Bar =>
    ({
      symbol: 'rb2701',
      exchange: 'SHFE',
      vtSymbol: 'rb2701.SHFE',
      gatewayName: 'SIM',
      datetime: at,
      interval: 1,
      openPrice: close,
      highPrice: close + 1,
      lowPrice: close - 1,
      closePrice: close,
      volume: 1,
      turnover: 10,
      openInterest: 0,
    }) as Bar

  it('makes hourly bars on the clock, the last minute of the hour closing one', () => {
    const { bg, emitted: hours } = windowBars(1, 'hour')
    const start = Date.UTC(2026, 10, 26, 2, 0)
    for (let i = 0; i < 90; i++) bg.updateBar(rebar(start + i * MIN, 3000 + i))
    expect(hours.map((h) => [h.datetime, h.interval, h.openPrice, h.closePrice, h.volume])).toEqual([
      [start, 60, 3000, 3059, 60],
    ])
    expect(bg.currentWindowBar).toMatchObject({
      datetime: start + 60 * MIN,
      openPrice: 3060,
      closePrice: 3089,
      volume: 30,
    })
  })

  it('makes daily bars by trading day: a Chinese future rolls at 17:00 China time and its weekend belongs to Monday', () => {
    const { bg, emitted: days } = windowBars(1, 'day')
    const china = (day: number, hour: number) => Date.UTC(2026, 10, day, hour - 8)
    bg.updateBar(rebar(china(27, 14), 3000)) // Friday's day session: Friday's bar
    bg.updateBar(rebar(china(27, 16) + 59 * MIN, 3001)) // its last minute closes it
    bg.updateBar(rebar(china(27, 21), 3002)) // Friday night …
    bg.updateBar(rebar(china(28, 10), 3003)) // … Saturday …
    bg.updateBar(rebar(china(30, 9), 3004)) // … and Monday morning: all Monday's
    bg.updateBar(rebar(china(30, 21), 3005)) // Monday night: Tuesday's
    expect(
      days.map((d) => [new Date(d.datetime).toISOString().slice(0, 10), d.interval, d.openPrice, d.closePrice]),
    ).toEqual([
      ['2026-11-27', 1440, 3000, 3001],
      ['2026-11-30', 1440, 3002, 3004],
    ])
    expect(bg.currentWindowBar).toMatchObject({ datetime: Date.UTC(2026, 11, 1), openPrice: 3005 })
  })

  it('shows the minute being built, and aggregates minutes into windows with the last one partial', () => {
    const bg = new BarGenerator(() => undefined)
    bg.updateTick(tick(T0 + 1_000, 4650, 10))
    bg.updateTick(tick(T0 + 2_000, 4652, 12))
    expect(bg.currentBar).toMatchObject({ datetime: T0, openPrice: 4650, closePrice: 4652, volume: 2 })
    const minutes = Array.from({ length: 7 }, (_, i) => rebar(T0 + i * MIN, 3000 + i))
    expect(aggregateBars(minutes, 5).map((b) => [b.datetime, b.openPrice, b.closePrice, b.volume])).toEqual([
      [T0, 3000, 3004, 5],
      [T0 + 5 * MIN, 3005, 3006, 2],
    ])
    expect(aggregateBars(minutes, 1)).toEqual(minutes)
  })
})

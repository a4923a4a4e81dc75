import { describe, expect, it } from 'vitest'
import { BarGenerator } from '../../src/main/strategy'
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
    const windows: Bar[] = []
    const bg = new BarGenerator(
      () => undefined,
      5,
      (b) => windows.push(b),
    )
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
})

import { describe, expect, it } from 'vitest'
import { fillMarkers } from '@renderer/chart/chart-data'
import { LiveBars } from '@renderer/chart/live-bars'
import type { Bar } from '../../src/shared/objects'
import { decimalsOfTick, formatSigned, roundToTick } from '@renderer/format/numbers'
import { formatAge, formatTime } from '@renderer/format/time'
import { compareNumbers } from '@renderer/monitors/col-defs'
import { palette } from '@renderer/theme/palette'
import { resolveSymbol } from '@renderer/ticket/validate-order'
import { contract, tick, trade } from './fixtures'

describe('numbers as traders read them', () => {
  it('takes price precision from the price tick', () => {
    expect([0.2, 0.01, 1, 0.05, 0.5, 1e-8, 5].map(decimalsOfTick)).toEqual([1, 2, 0, 2, 1, 8, 0])
  })

  it('signs gains and rounds to the tick without float dust', () => {
    expect(formatSigned(12.5, 2)).toBe('+12.50')
    expect(formatSigned(-12.5, 2)).toBe('-12.50')
    expect(formatSigned(0, 2)).toBe('0.00')
    expect(formatSigned(-0.001, 2)).toBe('0.00')
    expect(roundToTick(3900.31, 0.2)).toBe(3900.4)
  })

  it('compares numbers as numbers, missing values first', () => {
    expect([10000, 95, Number.NaN, 900].sort(compareNumbers)).toEqual([Number.NaN, 95, 900, 10000])
  })

  it('shows times with zero-padded milliseconds', () => {
    const at = new Date(2026, 10, 26, 9, 5, 7, 3).getTime()
    expect(formatTime(at)).toBe('09:05:07.003')
    expect(formatAge(420)).toBe('0.4 s')
    expect(formatAge(12_600)).toBe('13 s')
  })
})

describe('colours', () => {
  it('swap up and down with the convention, never the rest', () => {
    const red = palette('dark', 'red-up')
    const green = palette('dark', 'green-up')
    expect(red.up).toBe(green.down)
    expect(red.down).toBe(green.up)
    expect(red.background).toBe(green.background)
  })
})

describe('type-ahead', () => {
  it('resolves an exact vtSymbol or an unambiguous bare symbol', () => {
    const contracts = [contract('IF2412'), contract('rb2701', 1, { exchange: 'SHFE', vtSymbol: 'rb2701.SHFE' })]
    expect(resolveSymbol('rb2701', contracts)?.vtSymbol).toBe('rb2701.SHFE')
    expect(resolveSymbol('if2412.cffex', contracts)?.vtSymbol).toBe('IF2412.CFFEX')
    expect(resolveSymbol('IF', contracts)).toBeUndefined()
  })
})

describe('chart data', () => {
  it('drops ticks older than the minute being built and keeps the latest minutes', () => {
    const bars = new LiveBars(2)
    const t0 = Date.UTC(2026, 10, 26, 1, 0)
    for (let minute = 0; minute < 4; minute++)
      bars.update(tick('IF2412', 3900 + minute, { datetime: t0 + minute * 60_000 }))
    bars.update(tick('IF2412', 1, { datetime: t0 }))
    expect(bars.minutes('IF2412.CFFEX').map((bar) => bar.openPrice)).toEqual([3901, 3902, 3903])
  })

  it('marks buys below in the up colour and sells above in the down colour, a bar’s fills summed', () => {
    const bar = (datetime: number) => ({ datetime }) as Bar
    const at = Date.UTC(2026, 10, 26, 1, 30)
    const markers = fillMarkers(
      [
        trade('1', { direction: 'SHORT', price: 3905, datetime: at }),
        trade('2', { datetime: at + 1000 }),
        trade('3', { price: 3902, volume: 3, datetime: at + 2000 }),
      ],
      [bar(at)],
      { exchange: 'CFFEX' },
      '1m',
      8,
      { up: 'U', down: 'D' },
      (price) => price.toFixed(1),
    )
    expect(markers.map((m) => [m.position, m.color, m.text])).toEqual([
      ['aboveBar', 'D', 'S 1@3905.0'],
      ['belowBar', 'U', 'B 4@3901.5'],
    ])
  })

  it('drops the label of a fill too close to the one before on its side, and keeps it when zoomed in', () => {
    const at = Date.UTC(2026, 10, 26, 1, 30)
    const bars = Array.from({ length: 10 }, (_, i) => ({ datetime: at + i * 60_000 }) as Bar)
    const fills = [0, 1, 2, 9].map((i) => trade(String(i), { datetime: at + i * 60_000 + 5 }))
    const labels = (barSpacing: number) =>
      fillMarkers(fills, bars, { exchange: 'CFFEX' }, '1m', barSpacing, { up: 'U', down: 'D' }, String).map(
        (m) => m.text,
      )
    // About 70 px of label each: at 8 px a bar the next three would overlap the first; the last is far enough.
    expect(labels(8)).toEqual(['B 1@3900', undefined, undefined, 'B 1@3900'])
    expect(labels(80)).toEqual(['B 1@3900', 'B 1@3900', 'B 1@3900', 'B 1@3900'])
  })
})

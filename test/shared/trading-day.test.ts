import { describe, expect, it } from 'vitest'
import type { Exchange } from '../../src/shared/objects'
import { marketOf, tradingDayEnd, tradingDayOf, tradingDayStart } from '../../src/shared/trading-day'

/** Epoch ms of a wall-clock time in China (UTC+8). Month is 1-based. */
function china(month: number, day: number, hour: number, minute = 0): number {
  return Date.UTC(2026, month - 1, day, hour - 8, minute)
}

const rb = { exchange: 'SHFE' as Exchange }
const moutai = { exchange: 'SSE' as Exchange }
const btc = { exchange: 'BINANCE' as Exchange }

describe('tradingDayOf', () => {
  it('puts a Chinese futures night session in the next trading day, rolling at 17:00 China time', () => {
    // 2026-11-26 is a Thursday.
    expect(tradingDayOf(rb, china(11, 26, 9, 30))).toBe('2026-11-26')
    expect(tradingDayOf(rb, china(11, 26, 17) - 1)).toBe('2026-11-26')
    expect(tradingDayOf(rb, china(11, 26, 17))).toBe('2026-11-27')
    expect(tradingDayOf(rb, china(11, 26, 21))).toBe('2026-11-27')
    expect(tradingDayOf(rb, china(11, 27, 1))).toBe('2026-11-27')
  })

  it("counts Friday's night session and the weekend as Monday's", () => {
    expect(tradingDayOf(rb, china(11, 27, 14))).toBe('2026-11-27')
    expect(tradingDayOf(rb, china(11, 27, 21))).toBe('2026-11-30')
    expect(tradingDayOf(rb, china(11, 28, 10))).toBe('2026-11-30')
    expect(tradingDayOf(rb, china(11, 29, 23))).toBe('2026-11-30')
    expect(tradingDayOf(rb, china(11, 30, 9))).toBe('2026-11-30')
    expect(tradingDayOf(rb, china(11, 30, 21))).toBe('2026-12-01')
  })

  it('takes the calendar day in China for A-shares and the UTC day for crypto', () => {
    expect(tradingDayOf(moutai, china(11, 26, 23, 59))).toBe('2026-11-26')
    expect(tradingDayOf(moutai, china(11, 27, 0))).toBe('2026-11-27')
    expect(tradingDayOf(moutai, china(11, 28, 10))).toBe('2026-11-28')
    expect(tradingDayOf(btc, china(11, 26, 7, 59))).toBe('2026-11-25')
    expect(tradingDayOf(btc, china(11, 26, 8))).toBe('2026-11-26')
  })

  it('knows which market each exchange is in; the desk itself (LOCAL) follows the futures day', () => {
    expect((['CFFEX', 'SHFE', 'DCE', 'CZCE', 'INE', 'LOCAL'] as Exchange[]).map(marketOf)).toEqual(
      new Array(6).fill('CHINA_FUTURES'),
    )
    expect((['SSE', 'SZSE', 'BINANCE'] as Exchange[]).map(marketOf)).toEqual(['CHINA_STOCKS', 'CHINA_STOCKS', 'CRYPTO'])
    expect(tradingDayOf({ exchange: 'LOCAL' }, china(11, 26, 21))).toBe('2026-11-27')
  })
})

describe('tradingDayEnd', () => {
  it('is the next roll: 17:00 China for futures (Monday after a Friday night), midnight for the others', () => {
    expect(tradingDayEnd(rb, china(11, 26, 9, 30))).toBe(china(11, 26, 17))
    expect(tradingDayEnd(rb, china(11, 27, 18))).toBe(china(11, 30, 17))
    expect(tradingDayEnd(moutai, china(11, 26, 9, 30))).toBe(china(11, 27, 0))
    expect(tradingDayEnd(btc, china(11, 26, 9, 30))).toBe(Date.UTC(2026, 10, 27))
  })

  it('ends exactly where the next trading day starts, for every market, all week round', () => {
    for (const instrument of [rb, moutai, btc])
      for (let time = china(11, 23, 0); time < china(12, 1, 0); time += 3_600_000 * 0.75) {
        const end = tradingDayEnd(instrument, time)
        expect(end).toBeGreaterThan(time)
        expect(tradingDayOf(instrument, end - 1)).toBe(tradingDayOf(instrument, time))
        expect(tradingDayOf(instrument, end) > tradingDayOf(instrument, time)).toBe(true)
      }
  })
})

describe('tradingDayStart', () => {
  it('is the previous roll: 17:00 China time for futures, Friday evening for a Monday', () => {
    expect(tradingDayStart(rb, china(11, 26, 9, 30))).toBe(china(11, 25, 17))
    expect(tradingDayStart(rb, china(11, 26, 17))).toBe(china(11, 26, 17))
    expect(tradingDayStart(rb, china(11, 29, 12))).toBe(china(11, 27, 17))
    expect(tradingDayStart(rb, china(11, 30, 9))).toBe(china(11, 27, 17))
    expect(tradingDayStart(moutai, china(11, 28, 10))).toBe(china(11, 28, 0))
    expect(tradingDayStart(btc, china(11, 26, 7, 59))).toBe(Date.UTC(2026, 10, 25))
  })
})

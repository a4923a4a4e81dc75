import { describe, expect, it } from 'vitest'
import { MAX_HISTORY_BARS } from '../../src/main/gateway/sim/history'
import { aggregateBars } from '../../src/shared/bar-generator'
import type { Interval } from '../../src/shared/intervals'
import { MINUTE } from '../../src/shared/numbers'
import type { Bar } from '../../src/shared/objects'
import { SESSION_OPEN, startSession, type Session } from './harness'

const RB = { symbol: 'rb2701', exchange: 'SHFE' as const }
const DAY = 1440 * MINUTE

function history(session: Session, interval: Interval, start: number, end?: number): Bar[] {
  return session.sim.queryHistory({ ...RB, interval, start, end })
}

describe('the simulated exchange’s history', () => {
  it('gives the same past at every request, a minute later and in every interval', async () => {
    const session = await startSession()
    await session.run(90_000)
    const first = history(session, '1m', SESSION_OPEN - DAY)
    await session.run(60_000)
    const later = history(session, '1m', SESSION_OPEN - DAY)
    // The minutes before the desk started are fixed once it has traded a minute (they end where it began).
    const before = (bars: Bar[]) => bars.filter((bar) => bar.datetime < SESSION_OPEN)
    expect(before(later)).toEqual(before(first))
    expect(later.length).toBe(first.length + 1)
    // Hourly bars, served by the exchange itself, are the minutes they cover.
    const hours = history(session, '1h', SESSION_OPEN - DAY)
    // (The last hour holds minutes the desk traded too; the one before is the minutes' last whole hour.)
    const whole = aggregateBars(before(later), 60).slice(0, -1)
    expect(hours.slice(0, -1)).toEqual(whole.slice(-(hours.length - 1)))
    await session.main.close()
  })

  it('reaches a month back in minutes, then a year in daily bars that join them', async () => {
    const session = await startSession()
    await session.run(60_000)
    const now = session.main.now()
    const minutes = history(session, '1m', now - 40 * DAY)
    expect(minutes).toHaveLength(MAX_HISTORY_BARS)
    const days = history(session, '1d', now - 365 * DAY)
    // A trading year of rebar: weekdays only.
    expect(days.length).toBeGreaterThan(255)
    expect(days.length).toBeLessThanOrEqual(262)
    for (let i = 1; i < days.length; i++) {
      expect(days[i].datetime).toBeGreaterThan(days[i - 1].datetime)
      // Each day opens where the one before closed: one walk, no gaps between the daily and the minute past.
      expect(days[i].openPrice).toBe(days[i - 1].closePrice)
    }
    for (const bar of days) {
      expect(bar.highPrice).toBeGreaterThanOrEqual(Math.max(bar.openPrice, bar.closePrice))
      expect(bar.lowPrice).toBeLessThanOrEqual(Math.min(bar.openPrice, bar.closePrice))
      expect(bar.lowPrice).toBeGreaterThan(0)
    }
    // A year of a gently reverting walk stays a plausible market: within a factor of two of today.
    const closes = days.map((bar) => bar.closePrice)
    expect(Math.max(...closes) / Math.min(...closes)).toBeLessThan(2)
    await session.main.close()
  })
})

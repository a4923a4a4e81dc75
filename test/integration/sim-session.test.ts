import { describe, expect, it } from 'vitest'
import { runSimSession } from '../../scripts/sim-session'

describe('a simulated trading session end to end', () => {
  it.each([20261126, 7, 42])('reconciles positions and accounts with the trades (seed %i)', async (seed) => {
    const report = await runSimSession(seed)
    expect(report.mismatches).toEqual([])
    // Eleven orders across four instruments and two currencies; some sweep two levels, so at least eleven trades.
    expect(report.trades.length).toBeGreaterThanOrEqual(10)
    expect(new Set(report.trades.map((t) => t.vtSymbol))).toEqual(
      new Set(['rb2701.SHFE', 'IF2612.CFFEX', '600519.SSE', 'BTCUSDT.BINANCE']),
    )
    expect(report.accounts.map((a) => a.vtAccountId).sort()).toEqual(['SIM.CNY', 'SIM.USDT'])
    for (const account of report.accounts) {
      expect(account.frozen).toBe(0)
      expect(account.balance).toBeCloseTo(account.available + account.margin, 6)
    }
    expect(report.positions.length).toBe(report.expectedPositions.length)
    expect(report.positions.some((p) => p.volume > 0)).toBe(true)
  })
})

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { Account, Position, Trade } from '../../src/shared/objects'

/** The report `scripts/sim-session.ts --json` prints. */
interface SessionReport {
  trades: Trade[]
  positions: Position[]
  accounts: Account[]
  expectedPositions: { vtPositionId: string }[]
  mismatches: string[]
}

/** Runs the script itself, as a user would, and reads its report. */
async function runScript(seed: number): Promise<SessionReport> {
  const args = ['--import', 'tsx', 'scripts/sim-session.ts', String(seed), '--json']
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: process.cwd() })
  return JSON.parse(stdout) as SessionReport
}

describe('a simulated trading session end to end', () => {
  it.each([20261126, 42])(
    'prints positions and accounts that reconcile with its trades (seed %i)',
    async (seed) => {
      // execFile rejects on a non-zero exit, which the script uses for a failed reconciliation.
      const report = await runScript(seed)
      expect(report.mismatches).toEqual([])
      // Eleven orders across four instruments and two currencies.
      expect(report.trades.length).toBeGreaterThanOrEqual(10)
      expect(new Set(report.trades.map((t) => t.vtSymbol))).toEqual(
        new Set(['rb2701.SHFE', 'IF2612.CFFEX', '600519.SSE', 'BTCUSDT.BINANCE']),
      )
      expect(report.accounts.map((a) => a.vtAccountId).sort()).toEqual(['SIM.CNY', 'SIM.USDT'])
      for (const account of report.accounts) {
        expect(account.frozen).toBe(0)
        expect(account.balance).toBeCloseTo(account.available + account.margin, 6)
      }
      expect(report.positions.map((p) => p.vtPositionId).sort()).toEqual(
        report.expectedPositions.map((p) => p.vtPositionId).sort(),
      )
      expect(report.positions.some((p) => p.volume > 0)).toBe(true)
    },
    30_000,
  )
})

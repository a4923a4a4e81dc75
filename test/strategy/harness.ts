import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Journal, JOURNAL_FILE } from '../../src/main/journal'
import {
  DoubleMaStrategy,
  GridStrategy,
  StrategyEngine,
  type StrategyClass,
  type StrategyEngineOptions,
} from '../../src/main/strategy'
import type { Trade } from '../../src/shared/objects'
import { startSession, type Session } from '../gateway/harness'

export const IF = 'IF2612.CFFEX'
export const RB = 'rb2701.SHFE'

export interface StrategySession extends Session {
  strategies: StrategyEngine
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'eventdesk-strategy-'))
}

/**
 * A trading core on the simulated market with a strategy engine, which
 * warms up from the simulator's history; with `dataDir`, strategies persist
 * in a journal there.
 */
export async function startStrategySession(
  options: StrategyEngineOptions & { extra?: StrategyClass[]; dataDir?: string } = {},
): Promise<StrategySession> {
  const session = await startSession()
  const { main, scheduler, engine } = session
  const journal =
    options.dataDir === undefined
      ? undefined
      : new Journal({ path: join(options.dataDir, JOURNAL_FILE), engine, scheduler })
  const strategies = new StrategyEngine(main, {
    ...options,
    store: options.store ?? journal?.strategyStore,
    builtins: options.builtins ?? [DoubleMaStrategy, GridStrategy, ...(options.extra ?? [])],
  })
  return { ...session, strategies }
}

/** Signed volume of trades: what a position built from them must be. */
export function netVolume(trades: Trade[]): number {
  return Number(trades.reduce((sum, t) => sum + (t.direction === 'LONG' ? t.volume : -t.volume), 0).toFixed(8))
}

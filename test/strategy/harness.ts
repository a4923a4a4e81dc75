import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { Journal, JOURNAL_FILE } from '../../src/main/journal'
import { StrategyEngine, type StrategyEngineOptions } from '../../src/main/strategy'
import type { RunnerFactory } from '../../src/main/strategy/runner/runner'
import type { Log, Trade } from '../../src/shared/objects'
import type { StrategyState } from '../../src/shared/strategy'
import { startSession, type Session } from '../gateway/harness'

export const IF = 'IF2612.CFFEX'
export const RB = 'rb2701.SHFE'

export interface StrategySession extends Session {
  strategies: StrategyEngine
  /** The folder of user strategy files. */
  dir: string
  /** Lets the engine and every strategy worker handle what is pending, without moving the clock. */
  settle(): Promise<void>
  /** Runs the clock on in 100 ms steps until `check` passes (workers run in real time); fails after `timeoutMs`. */
  until(check: () => boolean, timeoutMs?: number): Promise<void>
  logs(source: string, level?: Log['level']): Log[]
  state(strategyName: string): StrategyState
}

const open: StrategySession[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.strategies.close()))
})

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'eventdesk-strategy-'))
}

/**
 * A trading core on the simulated market with a strategy engine (which warms
 * up from the simulator's history; with `dataDir`, it persists in a journal there), its strategy files (name → source) written to
 * a fresh folder, loaded. Its workers are ended after each test.
 */
export interface StrategySessionOptions extends StrategyEngineOptions {
  /** User strategy files by name, written to the session's folder. */
  files?: Record<string, string>
  busyLimit?: number
  initTimeout?: number
  /** The runner, given the session's strategy folder (a sandbox may read it). */
  runnerFor?: (dir: string) => RunnerFactory
  /** Strategies persist in a journal in this folder, as on a desk; none: nothing outlives the session. */
  dataDir?: string
}

export async function startStrategySession(options: StrategySessionOptions = {}): Promise<StrategySession> {
  const session = await startSession()
  const { main, scheduler, engine } = session
  const dir = tempDir()
  for (const [name, source] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), source)
  const { files: _, busyLimit = 2, initTimeout = 60, runnerFor, dataDir, ...engineOptions } = options
  const journal =
    dataDir === undefined ? undefined : new Journal({ path: join(dataDir, JOURNAL_FILE), engine, scheduler })
  const strategies = new StrategyEngine(main, {
    strategyDirs: [dir],
    limits: () => ({ busyLimit, initTimeout }),
    runner: runnerFor?.(dir),
    store: journal?.strategyStore,
    ...engineOptions,
  })
  await strategies.load()
  const settle = async (): Promise<void> => {
    await engine.idle()
    await strategies.settled()
    await engine.idle()
  }
  const s: StrategySession = {
    ...session,
    strategies,
    dir,
    settle,
    async run(ms) {
      for (let t = 0; t < ms; t += 100) {
        scheduler.advance(Math.min(100, ms - t))
        await settle()
      }
    },
    async until(check, timeoutMs = 20_000) {
      const end = performance.now() + timeoutMs
      while (!check()) {
        if (performance.now() > end) throw new Error('timed out waiting')
        await s.run(100)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    },
    logs: (source, level) => main.getAllLogs().filter((l) => l.source === source && (!level || l.level === level)),
    state: (strategyName) => strategies.state(strategyName),
  }
  open.push(s)
  return s
}

/** Signed volume of trades: what a position built from them must be. */
export function netVolume(trades: Trade[]): number {
  return Number(trades.reduce((sum, t) => sum + (t.direction === 'LONG' ? t.volume : -t.volume), 0).toFixed(8))
}

/**
 * A user strategy file, as a careless author might write one: `body` is the
 * class body after its static fields; `vars` are its shown variables with
 * their first values; `parameters` its parameter specs.
 */
export function strategyFile(
  className: string,
  body: string,
  { vars = {}, parameters = [] }: { vars?: Record<string, number | string>; parameters?: object[] } = {},
): string {
  return `module.exports = ({ CtaTemplate }) => class ${className} extends CtaTemplate {
  static className = '${className}'
  static description = 'test strategy'
  static parameters = ${JSON.stringify(parameters)}
  static variables = ${JSON.stringify(Object.keys(vars))}
  vars = ${JSON.stringify(vars)}
  ${body}
}`
}

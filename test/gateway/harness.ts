import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { EventEngine, ManualScheduler } from '../../src/main/engine'
import { SimGateway, type SimGatewayOptions } from '../../src/main/gateway/sim'
import type { GatewaySetting } from '../../src/main/gateway'
import { MainEngine, type RiskSettings } from '../../src/main/trader'
import type { Direction, Exchange, Offset, OrderRequest, OrderType } from '../../src/shared/objects'

/** 09:30 in Shanghai on the day these tests pretend to run. */
export const SESSION_OPEN = Date.UTC(2026, 10, 26, 1, 30)
/** Every test uses this seed, so every run sees the same market. */
export const SEED = 7

export interface Session {
  scheduler: ManualScheduler
  engine: EventEngine
  main: MainEngine
  sim: SimGateway
  /** Moves the clock on by `ms` in 100 ms steps, letting the engine dispatch after each. */
  run(ms: number): Promise<void>
}

export interface SessionOptions {
  setting?: GatewaySetting
  risk?: Partial<RiskSettings>
  logCapacity?: number
  sim?: SimGatewayOptions
  /** vtSymbols to subscribe to. */
  subscribe?: string[]
  /** When the session starts, epoch ms. Default SESSION_OPEN. */
  start?: number
}

/** A trading core with the simulated gateway connected, on a manual clock. */
export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const scheduler = new ManualScheduler(0, options.start ?? SESSION_OPEN)
  const engine = new EventEngine({ scheduler })
  const main = new MainEngine({ engine, scheduler, risk: options.risk, logCapacity: options.logCapacity })
  const sim = new SimGateway(engine, { scheduler, ...options.sim })
  main.addGateway(sim)
  main.connect({ seed: SEED, ...options.setting }, sim.gatewayName)
  for (const vtSymbol of options.subscribe ?? []) main.subscribe(splitVtSymbol(vtSymbol), sim.gatewayName)
  await engine.idle()
  const run = async (ms: number): Promise<void> => {
    for (let t = 0; t < ms; t += 100) {
      scheduler.advance(Math.min(100, ms - t))
      await engine.idle()
    }
  }
  return { scheduler, engine, main, sim, run }
}

export function splitVtSymbol(vtSymbol: string): { symbol: string; exchange: Exchange } {
  const dot = vtSymbol.lastIndexOf('.')
  return { symbol: vtSymbol.slice(0, dot), exchange: vtSymbol.slice(dot + 1) as Exchange }
}

export function orderRequest(
  vtSymbol: string,
  direction: Direction,
  offset: Offset,
  price: number,
  volume: number,
  type: OrderType = 'LIMIT',
): OrderRequest {
  return { ...splitVtSymbol(vtSymbol), direction, offset, type, price, volume }
}

/** Asks the gateway for account and positions now, rather than waiting for the timer's polls. */
export async function poll(session: Session): Promise<void> {
  session.sim.queryAccount()
  session.sim.queryPosition()
  await session.engine.idle()
}

/**
 * For tests of what outlives a desk: sessions and temporary data folders
 * that are closed (working orders left at the exchange) and removed after
 * each test. Call at the top of a test file.
 */
export function restartable(): {
  open(options?: SessionOptions): Promise<Session>
  /** A new temporary data folder's journal.sqlite. */
  databasePath(): string
} {
  const sessions: Session[] = []
  const folders: string[] = []
  afterEach(async () => {
    for (const session of sessions.splice(0)) {
      await session.main.close({ cancelWorkingOrders: false })
      session.sim.dispose()
    }
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  })
  return {
    async open(options = {}) {
      const session = await startSession(options)
      sessions.push(session)
      return session
    },
    databasePath() {
      const folder = mkdtempSync(join(tmpdir(), 'eventdesk-sim-'))
      folders.push(folder)
      return join(folder, 'journal.sqlite')
    },
  }
}

import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { Bridge, type SessionOptions, type StrategyService } from '../bridge'
import { EventEngine, type Scheduler } from '../engine'
import { Journal, JOURNAL_FILE, JOURNAL_SOURCE, lockDataFolder, type JournalOptions } from '../journal'
import { SimGateway, type SimGatewayOptions } from '../gateway/sim'
import type { GatewaySetting } from '../gateway'
import { StrategyEngine, type StrategyEngineOptions } from '../strategy'
import { DEFAULT_CAPACITY, LogFile, MainEngine, type MainEngineOptions } from '../trader'

export interface TradingDeskOptions {
  scheduler?: Scheduler
  /** Timer period of the engine in seconds (engine metrics are pushed on it). Default 1. */
  interval?: number
  trader?: Omit<MainEngineOptions, 'engine' | 'scheduler' | 'history'>
  sim?: Omit<SimGatewayOptions, 'scheduler'>
  /** Connect the simulated gateway at start, so a new user sees a live market. Default true. */
  connectSim?: boolean | GatewaySetting
  /** A strategy service to use instead of the built-in strategy engine (tests of the bridge). */
  strategies?: StrategyService
  /** Settings of the built-in strategy engine: where user strategies live (it persists in the journal). */
  strategyEngine?: Omit<StrategyEngineOptions, 'history' | 'store'>
  session?: SessionOptions
  /** Where daily log files go; none: logs are kept in memory only. */
  logDir?: string
  /**
   * The desk's data folder, where its journal (`journal.sqlite`) lives,
   * locked while the desk runs (a second desk on it is refused); none: an
   * ephemeral desk that keeps nothing (its journal is in memory).
   */
  dataDir?: string
  /** How the journal writes (see JournalOptions). */
  journal?: Pick<JournalOptions, 'synchronous' | 'readOnly'>
  /** Cancel working orders when the desk closes (quitting the app, stopping the server). Default true. */
  cancelOrdersOnClose?: boolean
}

/** Puts the current trading day back on the desk, from the journal, before any gateway connects. */
function restoreDay(core: MainEngine, journal: Journal): void {
  const day = journal.restored
  core.restore(day)
  if (day.orders.length + day.trades.length + day.logs.length === 0) return
  core.writeLog(
    `Restored ${day.orders.length} orders, ${day.trades.length} trades and ${day.logs.length} logs ` +
      `of the current trading day from ${journal.path}`,
    JOURNAL_SOURCE,
  )
}

/** The demo instance a new user finds on first launch, ready to Init and Start. */
export const DEMO_STRATEGY = { className: 'GridStrategy', strategyName: 'grid_demo', vtSymbol: 'IF2612.CFFEX' }

/** What both hosts run: the engine, the trading core with the simulated gateway, and the bridge. */
export interface TradingDesk {
  readonly engine: EventEngine
  readonly core: MainEngine
  readonly sim: SimGateway
  readonly bridge: Bridge
  readonly journal: Journal
  /** The built-in strategy engine; absent when another `strategies` service was given. */
  readonly strategies?: StrategyEngine
  /**
   * Ends every session, then closes the core: cancels working orders, closes
   * the gateways and stops the engine once everything they reported (logs
   * included) is dispatched. Safe to call again.
   */
  close(): Promise<void>
}

/** The data folder of a headless desk without `--data`: `~/.eventdesk`, as vnpy keeps `~/.vntrader`. */
export const DEFAULT_DATA_FOLDER = '.eventdesk'

/**
 * Where a headless desk keeps its data: `--data DIR`, else ~/.eventdesk;
 * nowhere with `--ephemeral` (undefined).
 */
export function headlessDataDir(flags: { data?: string; ephemeral?: boolean }): string | undefined {
  if (flags.ephemeral && flags.data !== undefined) throw new RangeError('--data and --ephemeral exclude each other')
  if (flags.ephemeral) return undefined
  return resolve(flags.data ?? join(homedir(), DEFAULT_DATA_FOLDER))
}

/** Builds a desk; throws DataFolderInUseError when another desk uses the data folder. */
export function createTradingDesk(options: TradingDeskOptions = {}): TradingDesk {
  const unlock = options.dataDir === undefined ? undefined : lockDataFolder(options.dataDir)
  try {
    return buildDesk(options, unlock)
  } catch (err) {
    unlock?.()
    throw err
  }
}

function buildDesk(options: TradingDeskOptions, unlock: (() => void) | undefined): TradingDesk {
  const engine = new EventEngine({ scheduler: options.scheduler, interval: options.interval })
  const journal = new Journal({
    ...options.journal,
    path: options.dataDir === undefined ? undefined : join(options.dataDir, JOURNAL_FILE),
    engine,
    scheduler: options.scheduler,
    // A restart reads back as much of the day as the caches hold.
    restoreLimits: {
      orders: options.trader?.orderCapacity ?? DEFAULT_CAPACITY,
      trades: options.trader?.tradeCapacity ?? DEFAULT_CAPACITY,
      logs: options.trader?.logCapacity ?? DEFAULT_CAPACITY,
    },
  })
  const core = new MainEngine({ ...options.trader, engine, scheduler: options.scheduler, history: journal })
  restoreDay(core, journal)
  const sim = new SimGateway(engine, { ...options.sim, scheduler: options.scheduler })
  core.addGateway(sim)
  const logFile = options.logDir === undefined ? undefined : new LogFile(engine, options.logDir)
  let strategies: StrategyEngine | undefined
  if (options.strategies === undefined) {
    strategies = new StrategyEngine(core, {
      demo: DEMO_STRATEGY,
      ...options.strategyEngine,
      store: journal.strategyStore,
      history: async (vtSymbol, days) => sim.queryHistory(vtSymbol, days, core.getTick(vtSymbol)?.lastPrice),
    })
    if (options.dataDir !== undefined)
      for (const { message, level } of journal.importStrategyFiles(options.dataDir))
        core.writeLog(message, JOURNAL_SOURCE, level)
    strategies.load()
  }
  const bridge = new Bridge({ core, strategies: options.strategies ?? strategies, session: options.session, journal })
  const connectSim = options.connectSim ?? true
  if (connectSim !== false) core.connect(connectSim === true ? {} : connectSim, sim.gatewayName)
  let closing: Promise<void> | undefined
  return {
    engine,
    core,
    sim,
    bridge,
    journal,
    strategies,
    close() {
      closing ??= (async () => {
        bridge.dispose()
        strategies?.close()
        const cancelWorkingOrders = options.cancelOrdersOnClose ?? true
        core.writeLog(
          `EventDesk is closing: ${cancelWorkingOrders ? 'cancelling working orders, ' : ''}closing gateways`,
        )
        await core.close({ cancelWorkingOrders })
        // The engine has dispatched every log by now: the file gets them all, then is flushed.
        await logFile?.close()
        await journal.close()
        unlock?.()
      })()
      return closing
    },
  }
}

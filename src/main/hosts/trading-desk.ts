import { Bridge, type SessionOptions, type StrategyService } from '../bridge'
import { EventEngine, type Scheduler } from '../engine'
import { SimGateway, type SimGatewayOptions } from '../gateway/sim'
import type { GatewaySetting } from '../gateway'
import { StrategyEngine, type StrategyEngineOptions } from '../strategy'
import { LogFile, MainEngine, type MainEngineOptions } from '../trader'

export interface TradingDeskOptions {
  scheduler?: Scheduler
  /** Timer period of the engine in seconds (engine metrics are pushed on it). Default 1. */
  interval?: number
  trader?: Omit<MainEngineOptions, 'engine' | 'scheduler'>
  sim?: Omit<SimGatewayOptions, 'scheduler'>
  /** Connect the simulated gateway at start, so a new user sees a live market. Default true. */
  connectSim?: boolean | GatewaySetting
  /** A strategy service to use instead of the built-in strategy engine (tests of the bridge). */
  strategies?: StrategyService
  /** Settings of the built-in strategy engine: where it persists, where user strategies live. */
  strategyEngine?: Omit<StrategyEngineOptions, 'history'>
  session?: SessionOptions
  /** Where daily log files go; none: logs are kept in memory only. */
  logDir?: string
  /** Cancel working orders when the desk closes (quitting the app, stopping the server). Default true. */
  cancelOrdersOnClose?: boolean
}

/** The demo instance a new user finds on first launch, ready to Init and Start. */
export const DEMO_STRATEGY = { className: 'GridStrategy', strategyName: 'grid_demo', vtSymbol: 'IF2612.CFFEX' }

/** What both hosts run: the engine, the trading core with the simulated gateway, and the bridge. */
export interface TradingDesk {
  readonly engine: EventEngine
  readonly core: MainEngine
  readonly sim: SimGateway
  readonly bridge: Bridge
  /** The built-in strategy engine; absent when another `strategies` service was given. */
  readonly strategies?: StrategyEngine
  /**
   * Ends every session, then closes the core: cancels working orders, closes
   * the gateways and stops the engine once everything they reported (logs
   * included) is dispatched. Safe to call again.
   */
  close(): Promise<void>
}

export function createTradingDesk(options: TradingDeskOptions = {}): TradingDesk {
  const engine = new EventEngine({ scheduler: options.scheduler, interval: options.interval })
  const core = new MainEngine({ ...options.trader, engine, scheduler: options.scheduler })
  const sim = new SimGateway(engine, { ...options.sim, scheduler: options.scheduler })
  core.addGateway(sim)
  const logFile = options.logDir === undefined ? undefined : new LogFile(engine, options.logDir)
  let strategies: StrategyEngine | undefined
  if (options.strategies === undefined) {
    strategies = new StrategyEngine(core, {
      demo: DEMO_STRATEGY,
      ...options.strategyEngine,
      history: async (vtSymbol, days) => sim.queryHistory(vtSymbol, days, core.getTick(vtSymbol)?.lastPrice),
    })
    strategies
      .load()
      .catch((err: unknown) => core.writeLog(`Strategies could not be loaded: ${String(err)}`, 'strategy', 'ERROR'))
  }
  const bridge = new Bridge({ core, strategies: options.strategies ?? strategies, session: options.session })
  const connectSim = options.connectSim ?? true
  if (connectSim !== false) core.connect(connectSim === true ? {} : connectSim, sim.gatewayName)
  let closing: Promise<void> | undefined
  return {
    engine,
    core,
    sim,
    bridge,
    strategies,
    close() {
      closing ??= (async () => {
        bridge.dispose()
        await strategies?.close()
        const cancelWorkingOrders = options.cancelOrdersOnClose ?? true
        core.writeLog(
          `EventDesk is closing: ${cancelWorkingOrders ? 'cancelling working orders, ' : ''}closing gateways`,
        )
        await core.close({ cancelWorkingOrders })
        // The engine has dispatched every log by now: the file gets them all, then is flushed.
        await logFile?.close()
      })()
      return closing
    },
  }
}

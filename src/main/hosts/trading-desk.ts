import { Bridge, type SessionOptions, type StrategyService } from '../bridge'
import { EventEngine, type Scheduler } from '../engine'
import { SimGateway, type SimGatewayOptions } from '../gateway/sim'
import type { GatewaySetting } from '../gateway'
import { MainEngine, type MainEngineOptions } from '../trader'

export interface TradingDeskOptions {
  scheduler?: Scheduler
  /** Timer period of the engine in seconds (engine metrics are pushed on it). Default 1. */
  interval?: number
  trader?: Omit<MainEngineOptions, 'engine' | 'scheduler'>
  sim?: Omit<SimGatewayOptions, 'scheduler'>
  /** Connect the simulated gateway at start, so a new user sees a live market. Default true. */
  connectSim?: boolean | GatewaySetting
  strategies?: StrategyService
  session?: SessionOptions
}

/** What both hosts run: the engine, the trading core with the simulated gateway, and the bridge. */
export interface TradingDesk {
  readonly engine: EventEngine
  readonly core: MainEngine
  readonly sim: SimGateway
  readonly bridge: Bridge
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
  const bridge = new Bridge({ core, strategies: options.strategies, session: options.session })
  const connectSim = options.connectSim ?? true
  if (connectSim !== false) core.connect(connectSim === true ? {} : connectSim, sim.gatewayName)
  let closing: Promise<void> | undefined
  return {
    engine,
    core,
    sim,
    bridge,
    close() {
      closing ??= (async () => {
        bridge.dispose()
        core.writeLog('EventDesk is closing: cancelling working orders and closing gateways')
        await core.close()
      })()
      return closing
    },
  }
}

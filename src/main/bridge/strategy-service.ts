import type { StrategyCatalogue } from '../../shared/contract'
import type { StrategyState, StrategyValue } from '../../shared/strategy'

/**
 * What the bridge needs from the strategy engine. Methods throw a
 * `StrategyError` (or any error) when a request cannot be done; the command
 * router turns that into an error reply.
 */
export interface StrategyService {
  classes(): StrategyCatalogue | Promise<StrategyCatalogue>
  /** Loads strategy classes again (user files may have changed). */
  reload(): StrategyCatalogue | Promise<StrategyCatalogue>
  getAllStates(): StrategyState[]
  add(
    className: string,
    strategyName: string,
    vtSymbol: string,
    setting: Record<string, StrategyValue>,
  ): StrategyState | Promise<StrategyState>
  init(strategyName: string): StrategyState | Promise<StrategyState>
  start(strategyName: string): StrategyState | Promise<StrategyState>
  stop(strategyName: string): StrategyState | Promise<StrategyState>
  edit(strategyName: string, setting: Record<string, StrategyValue>): StrategyState | Promise<StrategyState>
  remove(strategyName: string): void | Promise<void>
  initAll(): StrategyState[] | Promise<StrategyState[]>
  startAll(): StrategyState[] | Promise<StrategyState[]>
  stopAll(): StrategyState[] | Promise<StrategyState[]>
}

export {
  StrategyEngine,
  StrategyError,
  type HistorySource,
  type StrategyEngineOptions,
  type StrategyTradingCore,
} from './strategy-engine'
export { CtaTemplate, type StrategyClass, type StrategyContext, type StrategyParams } from './template'
export { BarGenerator } from './bar-generator'
export { ArrayManager } from './array-manager'
export { DoubleMaStrategy } from './builtin/double-ma'
export { GridStrategy } from './builtin/grid'
export { STRATEGY_SDK, loadStrategyFiles, type StrategySdk } from './loader'

export { MainEngine, RISK_SOURCE, TRADER_SOURCE, type MainEngineOptions } from './main-engine'
export type { UnpolledFills } from './oms'
export { DEFAULT_RISK_SETTINGS, type RiskSettings } from './risk'
export { LogFile, formatLogTime } from './log-file'

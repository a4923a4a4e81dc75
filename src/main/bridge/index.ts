export { Bridge, type BridgeOptions } from './bridge'
export {
  ClientSession,
  type BatchSink,
  type SessionOptions,
  type SessionStats,
  type SessionSubscription,
} from './session'
export { CommandRouter } from './command-router'
export { CommandFailure } from './command-failure'
export { takeSnapshot, type SnapshotFilter } from './snapshot'
export type { JournalService } from './journal-service'
export type { StrategyService } from './strategy-service'
export type { TradingCore } from './trading-core'

export { Bridge, type BridgeOptions } from './bridge'
export {
  ClientSession,
  type BatchSink,
  type SessionIdentity,
  type SessionOptions,
  type SessionStats,
  type SessionSubscription,
} from './session'
export { CommandRouter, type CommandContext } from './command-router'
export { SessionQuota, type SessionLimits } from './session-quota'
export type { SettingsService } from './settings-service'
export { takeSnapshot, type SnapshotFilter } from './snapshot'
export type { JournalService } from './journal-service'
export type { RemoteDeskService, RemoteDeskView } from './remote-desk-service'
export type { StrategyService } from './strategy-service'
export type { TradingCore } from './trading-core'

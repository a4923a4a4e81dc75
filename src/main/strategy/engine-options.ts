import { DEFAULT_SETTINGS, settingSection, type SettingSection } from '../../shared/settings'
import type { StrategyQuota } from './order-routing'
import type { RunnerFactory } from './runner/runner'
import type { StrategyStore } from './strategy-store'

/** How the desk sets up its strategy engine. */
export interface StrategyEngineOptions {
  /** Where instances, parameters and persistent variables are kept (the journal); none: nothing outlives the run. */
  store?: StrategyStore
  /** Folders searched for user strategy files (see loader.ts). */
  strategyDirs?: string[]
  /** On first launch (no saved instances), add one demo instance so a new user can press Start. */
  demo?: { className: string; strategyName: string; vtSymbol: string }
  /**
   * The watchdog's limit and onInit's time limit, in seconds (settings
   * `strategy.busyLimit` and `strategy.initTimeout`), read each time they
   * apply. Default: the settings' defaults, 2 s and 60 s.
   */
  limits?: () => StrategyLimits
  /** Where strategy code runs: a worker thread each (default), or a sandboxed process each (processRunner). */
  runner?: RunnerFactory
  /** Each instance's quota, as a session of its own (the desk gives each a SessionQuota); none: unlimited. */
  quota?: (strategyName: string) => StrategyQuota
}

/** The watchdog's limit and onInit's time limit, in seconds. */
export type StrategyLimits = SettingSection<'strategy'>
export const DEFAULT_LIMITS = settingSection(DEFAULT_SETTINGS, 'strategy')

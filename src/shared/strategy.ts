/**
 * What the window knows of strategies: the classes it can add and the state
 * of each instance. The strategy engine (src/main/strategy) produces these.
 */

/** A strategy parameter or variable value as it crosses IPC and is persisted. */
export type StrategyValue = number | string | boolean

/**
 * Lifecycle of one instance: add → init → start ⇄ stop (→ edit) → remove; see
 * strategy-lifecycle.ts for what each state allows. `stopped` is still inited.
 * `error`: its strategy code threw, hung or ran over its time. `unrestored`: a
 * saved instance that could not be added back (the reason is in `error`); it
 * stays saved, untouched, until it is removed. `removed` is the last state the
 * engine publishes of an instance, so every window drops its card whichever
 * window removed it; no instance holds it.
 */
export const STRATEGY_STATUSES = [
  'added',
  'initing',
  'inited',
  'trading',
  'stopped',
  'error',
  'unrestored',
  'removed',
] as const
export type StrategyStatus = (typeof STRATEGY_STATUSES)[number]

export interface ParameterSpec {
  name: string
  type: 'number' | 'integer' | 'string' | 'boolean'
  default: StrategyValue
  min?: number
  max?: number
  /** One line for the Add/Edit form. */
  description?: string
}

export interface StrategyClassInfo {
  className: string
  /** Where it comes from: 'builtin', or the user strategy file's path. */
  source: string
  description: string
  parameters: ParameterSpec[]
  /** Names of the variables the strategy shows. */
  variables: string[]
}

export interface StrategyState {
  strategyName: string
  className: string
  vtSymbol: string
  status: StrategyStatus
  parameters: Record<string, StrategyValue>
  variables: Record<string, StrategyValue>
  /** Why it stopped (status 'error') or why it could not be restored (status 'unrestored'). */
  error?: string
}

/** A user strategy file that failed to load, reported without stopping the others. */
export interface StrategyLoadError {
  file: string
  message: string
}

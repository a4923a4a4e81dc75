/**
 * What the window knows of strategies: the classes it can add and the state
 * of each instance. The strategy engine (src/main/strategy) produces these.
 */

/** A strategy parameter or variable value as it crosses IPC and is persisted. */
export type StrategyValue = number | string | boolean

/**
 * Lifecycle of one instance: add → init → start → stop (→ edit) → remove.
 * `removed` is the last state the engine publishes of an instance, so every
 * window drops its card whichever window removed it; no instance holds it.
 */
export type StrategyStatus = 'added' | 'initing' | 'inited' | 'trading' | 'stopped' | 'error' | 'removed'

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
  /** Why it stopped, when status is 'error'. */
  error?: string
}

/** A user strategy file that failed to load, reported without stopping the others. */
export interface StrategyLoadError {
  file: string
  message: string
}

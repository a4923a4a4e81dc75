import type { StrategyStatus } from '../../../shared/strategy'

export type StrategyAction = 'init' | 'start' | 'stop' | 'edit' | 'remove'

/**
 * Which buttons a card enables in each state, as the strategy engine allows:
 * init from added, stopped or error; start once inited; stop while inited or
 * trading; edit and remove only when not running.
 */
const ALLOWED: Record<StrategyStatus, ReadonlySet<StrategyAction>> = {
  added: new Set(['init', 'edit', 'remove']),
  initing: new Set(),
  inited: new Set(['start', 'stop']),
  trading: new Set(['stop']),
  stopped: new Set(['init', 'edit', 'remove']),
  error: new Set(['init', 'edit', 'remove']),
  removed: new Set(),
}

export function canDo(status: StrategyStatus, action: StrategyAction): boolean {
  return ALLOWED[status].has(action)
}

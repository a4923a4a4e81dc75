/**
 * What may be done to a strategy instance in each state: the one table the
 * strategy engine enforces and the strategy cards draw their buttons from,
 * so a button is never enabled for a command the engine would refuse.
 *
 * As vnpy's CTA manager has it: Init warms an instance up; once inited it
 * stays inited, so Stop leaves it "stopped" and Start needs no new Init; Edit
 * and Remove wait until it no longer trades. EventDesk adds two states: an
 * instance whose strategy code failed is in `error` and can be inited afresh,
 * and a saved instance that could not be restored can only be removed.
 */
import type { StrategyStatus } from './strategy'

/** A command on one instance, and the button of the same name on its card. */
export type StrategyAction = 'init' | 'start' | 'stop' | 'edit' | 'remove'

const ALLOWED: Record<StrategyStatus, readonly StrategyAction[]> = {
  added: ['init', 'edit', 'remove'],
  initing: [],
  inited: ['start', 'stop', 'edit', 'remove'],
  trading: ['stop'],
  stopped: ['init', 'start', 'edit', 'remove'],
  error: ['init', 'edit', 'remove'],
  unrestored: ['remove'],
  removed: [],
}

export function canDo(status: StrategyStatus, action: StrategyAction): boolean {
  return ALLOWED[status].includes(action)
}

export const canInit = (status: StrategyStatus): boolean => canDo(status, 'init')
export const canStart = (status: StrategyStatus): boolean => canDo(status, 'start')
export const canStop = (status: StrategyStatus): boolean => canDo(status, 'stop')
export const canEdit = (status: StrategyStatus): boolean => canDo(status, 'edit')
export const canRemove = (status: StrategyStatus): boolean => canDo(status, 'remove')

/** Inited and not stopped: the instance hears its ticks and timer (and trades, once started). */
export function isRunning(status: StrategyStatus): boolean {
  return status === 'inited' || status === 'trading'
}

const WHY: Record<StrategyStatus, string> = {
  added: 'it is not inited yet',
  initing: 'it is still initialising',
  inited: 'it is already inited',
  trading: 'it is trading: stop it first',
  stopped: 'it is already stopped',
  error: 'it failed: init it again first',
  unrestored: 'it could not be restored: remove it',
  removed: 'it is removed',
}

/** The sentence a refused command answers with. */
export function refusal(strategyName: string, status: StrategyStatus, action: StrategyAction): string {
  return `Cannot ${action} ${strategyName}: ${WHY[status]}`
}

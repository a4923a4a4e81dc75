import { CommandFailure } from '../../shared/command-failure'
import { WorkerFailure } from './runner/replies'
import type { Failure } from './runner/protocol'

/** A strategy command that cannot be carried out: the router answers with its code, message and field. */
export class StrategyError extends CommandFailure {
  constructor(code: 'NOT_FOUND' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT', message: string, field?: string) {
    super(code, message, field)
    this.name = 'StrategyError'
  }
}

/** What went wrong, as the log and the card show it, whatever was thrown. */
export function failureOf(err: unknown): Failure {
  if (err instanceof WorkerFailure) return err.failure
  return {
    reason: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  }
}

/** A refusal of the parameters by the class itself, as the Add and Edit forms show it; other failures as they are. */
export function refusedParameters(err: unknown): StrategyError {
  if (err instanceof WorkerFailure && err.refused) return new StrategyError('INVALID_ARGUMENT', err.message, 'setting')
  return new StrategyError('FAILED_PRECONDITION', `The strategy could not be built: ${failureOf(err).reason}`)
}

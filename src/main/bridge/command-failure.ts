import type { ErrorCode } from '../../shared/contract'

/**
 * Thrown by a service behind the router (the strategy engine, say) when a
 * request cannot be done for a reason the user should read; the router
 * answers with its code. Any other exception is answered as INTERNAL.
 */
export class CommandFailure extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'INTERNAL'>,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'CommandFailure'
  }
}

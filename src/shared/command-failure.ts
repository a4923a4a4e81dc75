import type { ErrorCode } from './contract'

/**
 * Thrown by a service behind the router (the strategy engine, say) when a
 * request cannot be done for a reason the user should read; the router
 * answers with its code. Any other exception is answered as INTERNAL.
 * It lives beside the contract, not in the bridge, so the services that throw
 * it depend on the contract alone (lint keeps strategy/ and trader/ off the bridge).
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

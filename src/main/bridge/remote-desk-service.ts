import type { CommandRequest } from '../../shared/contract'

/**
 * What the bridge needs to mirror another desk (the desk's NATS composition
 * provides it). `addRemote` throws a `CommandFailure` when the desk cannot be
 * added, e.g. a gateway of that name exists already.
 */
export interface RemoteDeskService {
  addRemote(request: CommandRequest<'gateway:addRemote'>, by: string): void
}

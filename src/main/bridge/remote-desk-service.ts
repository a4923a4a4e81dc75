import type { CommandRequest, RemoteDeskView } from '../../shared/contract'

export type { RemoteDeskView }

/**
 * What the bridge needs to mirror another desk (the desk's NATS composition
 * provides it). `addRemote` and `removeRemote` throw a `CommandFailure` when
 * they cannot, e.g. a gateway of that name exists already.
 */
export interface RemoteDeskService {
  addRemote(request: CommandRequest<'gateway:addRemote'>, by: string): void
  /** The desks mirrored here, their addresses redacted. */
  listRemotes(): RemoteDeskView[]
  /** Stops mirroring a desk and forgets it for the next start. */
  removeRemote(desk: string, by: string): void
}

/**
 * The desks this desk mirrors, each a NatsGateway named after the remote
 * desk: those given at start (`--remote NAME`) and those a window adds while
 * the desk runs (`gateway:addRemote`, the Gateway menu's "Connect remote desk").
 */
import type { CommandRequest } from '../../shared/contract'
import type { RemoteDeskService } from '../bridge'
import { CommandFailure } from '../../shared/command-failure'
import type { EventEngine } from '../engine'
import type { MainEngine } from '../trader'
import { redactUrl } from './link'
import { NatsGateway } from './nats-gateway'
import type { MirrorCursorStore } from './stream-replay'

export interface RemoteDeskOptions {
  /** The remote desk's name; also the gateway name its objects carry here. */
  desk: string
  url: string
  nkeySeedFile?: string
  caFile?: string
  /** How long a command to the remote desk may take. Default 5 s. */
  requestTimeoutMs?: number
}

export class RemoteDesks implements RemoteDeskService {
  constructor(
    private readonly engine: EventEngine,
    private readonly core: MainEngine,
    /** This desk as the remote desks see it. */
    private readonly self: { desk: string; sessionId: string },
    private readonly cursors?: MirrorCursorStore,
    /** Trades this desk already holds (its caches, its journal): a replay after a restart passes them on no more. */
    private readonly knownTrade?: (vtTradeId: string) => boolean,
  ) {}

  /** Adds the gateway and starts mirroring. Throws a CommandFailure for a name already taken. */
  add(options: RemoteDeskOptions): NatsGateway {
    if (this.core.getGateway(options.desk) !== undefined)
      throw new CommandFailure('FAILED_PRECONDITION', `A gateway named ${options.desk} exists already`, 'desk')
    const gateway = new NatsGateway(this.engine, options.desk, {
      self: this.self,
      cursors: this.cursors,
      knownTrade: this.knownTrade,
      requestTimeoutMs: options.requestTimeoutMs,
      link: { nkeySeedFile: options.nkeySeedFile, caFile: options.caFile },
    })
    this.core.addGateway(gateway)
    this.core.connect({ url: options.url, desk: options.desk }, options.desk)
    return gateway
  }

  /** Is `gatewayName` one of the desks mirrored here? */
  has(gatewayName: string): boolean {
    return this.core.getGateway(gatewayName) instanceof NatsGateway
  }

  addRemote(request: CommandRequest<'gateway:addRemote'>, by: string): void {
    const url = new URL(request.url)
    if (request.token !== undefined) url.username = encodeURIComponent(request.token)
    else if (request.user !== undefined) {
      url.username = encodeURIComponent(request.user)
      url.password = encodeURIComponent(request.password ?? '')
    }
    this.add({ desk: request.desk, url: url.toString().replace(/\/$/, '') })
    this.core.writeLog(`Mirroring desk ${request.desk} at ${redactUrl(request.url)}, added by ${by}`, 'nats')
  }
}

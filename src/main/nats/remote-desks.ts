/**
 * The desks this desk mirrors, each a NatsGateway named after the remote
 * desk: those given at start (`--remote NAME`), those remembered from an
 * earlier run, and those a window adds while the desk runs
 * (`gateway:addRemote`, the Gateway menu's "Connect remote desk"). A window
 * may remove one (`gateway:removeRemote`): it is disconnected and forgotten.
 */
import type { CommandRequest } from '../../shared/contract'
import type { RemoteDeskService, RemoteDeskView } from '../bridge'
import { CommandFailure } from '../../shared/command-failure'
import { NATS_FILE_LIMITS, redactNatsUrl } from '../../shared/nats-address'
import type { EventEngine } from '../engine'
import type { MainEngine } from '../trader'
import { checkSmallFile, redactUrl } from './link'
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

/** Where the desks added from a window are remembered for the next start (src/main/settings's RememberedRemotes). */
export interface RemoteDeskMemory {
  has(desk: string): boolean
  /** Throws when it cannot be saved. */
  remember(remote: Omit<RemoteDeskOptions, 'requestTimeoutMs'>): void
  /** Throws when it cannot be saved. */
  forget(desk: string): void
}

export class RemoteDesks implements RemoteDeskService {
  /** Each mirrored desk's address as it was added (removed ones leave; their gateway stays, disconnected). */
  private readonly mirrored = new Map<string, RemoteDeskOptions>()

  constructor(
    private readonly engine: EventEngine,
    private readonly core: MainEngine,
    /** This desk as the remote desks see it. */
    private readonly self: { desk: string; sessionId: string },
    private readonly cursors?: MirrorCursorStore,
    /** Trades this desk already holds (its caches, its journal): a replay after a restart passes them on no more. */
    private readonly knownTrade?: (vtTradeId: string) => boolean,
    private readonly memory?: RemoteDeskMemory,
  ) {}

  /**
   * Adds the gateway and starts mirroring; a desk removed earlier is connected
   * again with this address. Throws a CommandFailure for a name already taken.
   */
  add(options: RemoteDeskOptions): void {
    const existing = this.core.getGateway(options.desk)
    const removed = existing instanceof NatsGateway && !this.mirrored.has(options.desk)
    if (existing !== undefined && !removed)
      throw new CommandFailure('FAILED_PRECONDITION', `A gateway named ${options.desk} exists already`, 'desk')
    const link = { nkeySeedFile: options.nkeySeedFile, caFile: options.caFile }
    if (existing === undefined)
      this.core.addGateway(
        new NatsGateway(this.engine, options.desk, {
          self: this.self,
          cursors: this.cursors,
          knownTrade: this.knownTrade,
          requestTimeoutMs: options.requestTimeoutMs,
          link,
        }),
      )
    else if (existing instanceof NatsGateway) existing.useLink(link)
    this.mirrored.set(options.desk, options)
    this.core.connect({ url: options.url, desk: options.desk }, options.desk)
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
    const remote: RemoteDeskOptions = { desk: request.desk, url: url.toString().replace(/\/$/, '') }
    for (const field of ['nkeySeedFile', 'caFile'] as const) {
      const path = request[field]
      if (path === undefined) continue
      try {
        checkSmallFile(path, NATS_FILE_LIMITS[field])
      } catch (err) {
        throw new CommandFailure('INVALID_ARGUMENT', `cannot use ${path}: ${(err as Error).message}`, field)
      }
      remote[field] = path
    }
    this.add(remote)
    this.core.writeLog(`Mirroring desk ${request.desk} at ${redactUrl(request.url)}, added by ${by}`, 'nats')
    this.save(remote.desk, (memory) => memory.remember(remote))
  }

  listRemotes(): RemoteDeskView[] {
    return [...this.mirrored.values()].map(({ desk, url }) => ({
      desk,
      url: redactNatsUrl(url),
      remembered: this.memory?.has(desk) ?? false,
    }))
  }

  removeRemote(desk: string, by: string): void {
    if (!this.mirrored.has(desk))
      throw new CommandFailure('NOT_FOUND', `No remote desk named ${desk} is mirrored here`, 'desk')
    this.mirrored.delete(desk)
    this.core.disconnect(desk)
    this.core.writeLog(`Stopped mirroring desk ${desk}, removed by ${by}`, 'nats')
    this.save(desk, (memory) => memory.forget(desk))
  }

  /** Updates the remembered list; a file that cannot be written is logged, and the change stands for this run. */
  private save(desk: string, change: (memory: RemoteDeskMemory) => void): void {
    if (this.memory === undefined) return
    try {
      change(this.memory)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      this.core.writeLog(`Remote desk ${desk} could not be remembered for the next start: ${reason}`, 'nats', 'WARNING')
    }
  }
}

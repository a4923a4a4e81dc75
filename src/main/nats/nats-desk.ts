/**
 * A desk on NATS: one link to the server, the publisher of the desk's events
 * and stream, and the server of its commands. Started with the desk, it works
 * in the background: while NATS is down the desk serves its own windows as
 * ever and logs the state; when the link returns everything resumes.
 */
import type { Snapshot } from '../../shared/contract'
import { isActive, type LogLevel } from '../../shared/objects'
import type { Bridge } from '../bridge'
import type { EventEngine } from '../engine'
import { DeskCommandServer } from './command-server'
import { DeskPublisher, type StreamLimits } from './desk-publisher'
import { NatsLink, type LinkState, type NatsLinkOptions } from './link'

export interface NatsDeskOptions extends Omit<NatsLinkOptions, 'name'> {
  /** This desk's name on NATS: `eventdesk.<desk>.…`. */
  desk: string
  stream?: StreamLimits
  /** Gateways that mirror other desks: their events are not published again (see DeskPublisher). */
  isMirrored?: (gatewayName: string) => boolean
}

export class NatsDesk {
  readonly publisher: DeskPublisher
  private readonly commands: DeskCommandServer
  private readonly link: NatsLink
  private stateNow: LinkState = 'connecting'

  constructor(
    engine: EventEngine,
    bridge: Bridge,
    snapshot: () => Snapshot,
    hostSessionId: string,
    options: NatsDeskOptions,
    private readonly log: (message: string, level?: LogLevel) => void,
  ) {
    this.publisher = new DeskPublisher(engine, {
      ...options.stream,
      desk: options.desk,
      hostSessionId,
      log,
      isMirrored: options.isMirrored,
    })
    this.commands = new DeskCommandServer({
      bridge,
      subjects: this.publisher.subjects,
      hostSessionId,
      // Read in one synchronous step, so `seq` is exactly what the snapshot reflects. Orders, trades and logs
      // are history: a monitor reads them from the stream, which has no size limit per message, so only the
      // working orders travel here (a day of trades would pass NATS's 1 MB message limit).
      snapshot: () => {
        const state = snapshot()
        return {
          seq: this.publisher.lastSeq,
          streamSeq: this.publisher.outbox.lastStreamSeq,
          snapshot: { ...state, orders: state.orders.filter(isActive), trades: [], logs: [], logsDropped: 0 },
        }
      },
    })
    this.link = new NatsLink({ ...options, name: `eventdesk ${options.desk}` })
    this.link.listen({
      onConnected: async (nc, reconnected) => {
        await this.publisher.attach(nc)
        this.commands.attach(nc)
        this.log(`Desk ${options.desk} ${reconnected ? 'is back on' : 'published on'} NATS ${this.link.server}`)
      },
      onState: (state, message) => {
        if (state === 'reconnecting' || state === 'disconnected') {
          this.publisher.detach()
          if (state === 'disconnected') this.commands.detach()
        }
        if (message !== undefined) this.log(message, 'WARNING')
        this.stateNow = state
      },
      onError: (message) => this.log(message, 'WARNING'),
    })
  }

  get state(): LinkState {
    return this.stateNow
  }

  start(): void {
    this.link.start()
  }

  async close(): Promise<void> {
    this.commands.dispose()
    this.publisher.dispose()
    await this.link.close()
  }
}

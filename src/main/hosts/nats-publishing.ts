/**
 * Whether and how the desk is published on NATS, as its settings say
 * (`nats.*`: Settings, or `--nats URL --desk NAME` on the headless host). A
 * change applies at once: the running NatsDesk is closed and, if publishing
 * is still on, a new one starts with the new address, name or credentials,
 * without restarting the app. Changes are applied one after another.
 */
import { randomUUID } from 'node:crypto'
import { settingSection, type Settings } from '../../shared/settings'
import type { NatsDesk, NatsDeskOptions } from '../nats'

/** What publishing needs from the settings in force; undefined when it is off. */
export function publishingOptions(settings: Readonly<Settings>): NatsDeskOptions | undefined {
  const nats = settingSection(settings, 'nats')
  if (!nats.publish || nats.url === '' || nats.desk === '') return undefined
  return {
    url: nats.url,
    desk: nats.desk,
    nkeySeedFile: nats.nkeySeedFile === '' ? undefined : nats.nkeySeedFile,
    caFile: nats.caFile === '' ? undefined : nats.caFile,
    stream: { maxAgeMs: Math.round(nats.streamDays * 86_400_000), maxBytes: Math.round(nats.streamMb * 1024 * 1024) },
  }
}

export class NatsPublishing {
  private current: NatsDesk | undefined
  private applying: Promise<void> = Promise.resolve()
  private starts = 0
  private closed = false

  constructor(
    /**
     * Builds the desk's publisher. The first one carries the desk's own
     * session id; each later one a fresh id, so monitors take it as a desk
     * that restarted (a fresh snapshot) and its stream message ids never
     * repeat an earlier publisher's.
     */
    private readonly make: (options: NatsDeskOptions, sessionId: string | undefined) => NatsDesk,
  ) {}

  /** The desk on NATS now, if published. */
  get desk(): NatsDesk | undefined {
    return this.current
  }

  /** Publishes with `options` (after closing the current link), or stops publishing for undefined. */
  apply(options: NatsDeskOptions | undefined): Promise<void> {
    this.applying = this.applying.then(async () => {
      const previous = this.current
      this.current = undefined
      await previous?.close()
      if (options === undefined || this.closed) return
      this.current = this.make(options, this.starts++ === 0 ? undefined : randomUUID())
      this.current.start()
    })
    return this.applying
  }

  /** Stops publishing for good. */
  close(): Promise<void> {
    this.closed = true
    return this.apply(undefined)
  }
}

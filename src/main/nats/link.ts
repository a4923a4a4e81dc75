/**
 * One NATS connection that a desk keeps for as long as it runs: it connects in
 * the background, retries with backoff while the server is down or refuses
 * it, and tells its owners when it is up (with the connection to use) and
 * when it is not. The desk keeps serving its own windows whatever the link
 * does. Credentials come from the URL (user and password, or a token) or an
 * NKey seed file, and never appear in a log line.
 */
import { readFileSync, statSync } from 'node:fs'
import { connect, nkeyAuthenticator, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node'
import { NATS_FILE_LIMITS } from '../../shared/nats-address'

export interface NatsLinkOptions {
  /** `nats://[user:pass@|token@]host:port` or `tls://…`. */
  url: string
  /** A file holding an NKey seed (`SU…`), for servers that authenticate with NKeys. */
  nkeySeedFile?: string
  /** A CA certificate (PEM) to trust for `tls://` servers with a private CA. */
  caFile?: string
  /** Shown in the server's monitoring pages. */
  name?: string
  /** First wait between attempts; doubles up to `maxRetryMs`. Default 500 ms. */
  retryMs?: number
  /** Default 15 s. */
  maxRetryMs?: number
}

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected'

export interface LinkListener {
  /** The link is up; `nc` is the connection until `onState` says otherwise. A reconnect calls it again. */
  onConnected(nc: NatsConnection, reconnected: boolean): void | Promise<void>
  onState(state: LinkState, message?: string): void
  /** Something went wrong (a refused login, an unreachable server): said once per distinct message. */
  onError(message: string): void
}

/** The URL as a log line may show it: credentials replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.username !== '' || parsed.password !== '') {
      parsed.username = '***'
      parsed.password = ''
    }
    return parsed.toString().replace(/\/$/, '')
  } catch {
    return '(an unreadable NATS URL)'
  }
}

/** Options for the client: the server without its credentials, and the credentials as options. */
export function connectionOptions(options: NatsLinkOptions): ConnectionOptions {
  let parsed: URL
  try {
    parsed = new URL(options.url)
  } catch {
    throw new RangeError(`the NATS URL must look like nats://host:port or tls://host:port`)
  }
  if (!['nats:', 'tls:'].includes(parsed.protocol))
    throw new RangeError(`the NATS URL must start with nats:// or tls://, not ${parsed.protocol}//`)
  const server = `${parsed.protocol}//${parsed.host}`
  const result: ConnectionOptions = {
    servers: [server],
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    reconnectJitter: 500,
    waitOnFirstConnect: true,
    // A refused login is reported and retried on our own schedule, not given up on by the client.
    ignoreAuthErrorAbort: true,
  }
  const user = decodeURIComponent(parsed.username)
  const pass = decodeURIComponent(parsed.password)
  if (user !== '' && pass !== '') {
    result.user = user
    result.pass = pass
  } else if (user !== '') result.token = user
  if (options.nkeySeedFile !== undefined) {
    const seed = readSmallFile(options.nkeySeedFile, NATS_FILE_LIMITS.nkeySeedFile).trim()
    result.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed))
  }
  if (parsed.protocol === 'tls:') {
    if (options.caFile !== undefined) checkSmallFile(options.caFile, NATS_FILE_LIMITS.caFile)
    result.tls = options.caFile === undefined ? {} : { caFile: options.caFile }
  }
  return result
}

/** Throws, saying why, unless `path` is a regular file of at most `maxBytes`. */
export function checkSmallFile(path: string, maxBytes: number): void {
  const stat = statSync(path)
  if (!stat.isFile()) throw new Error(`${path} is not a regular file`)
  if (stat.size > maxBytes)
    throw new Error(`${path} is ${stat.size} bytes, more than the ${maxBytes} such a file can be`)
}

function readSmallFile(path: string, maxBytes: number): string {
  checkSmallFile(path, maxBytes)
  return readFileSync(path, 'utf-8')
}

export class NatsLink {
  private nc: NatsConnection | undefined
  private closed = false
  private wake: (() => void) | undefined
  private readonly listeners = new Set<LinkListener>()
  private lastError = ''

  constructor(private readonly options: NatsLinkOptions) {}

  /** The URL without credentials. */
  get server(): string {
    return redactUrl(this.options.url)
  }

  get connection(): NatsConnection | undefined {
    return this.nc
  }

  /** Adds an owner; if the link is up it hears so at once. Returns the removal. */
  listen(listener: LinkListener): () => void {
    this.listeners.add(listener)
    if (this.nc !== undefined && !this.nc.isClosed()) void this.notifyConnected(listener, this.nc, false)
    return () => void this.listeners.delete(listener)
  }

  /** Starts connecting in the background; resolves at once. */
  start(): void {
    void this.run()
  }

  async close(): Promise<void> {
    this.closed = true
    this.wake?.()
    const nc = this.nc
    this.nc = undefined
    if (nc !== undefined && !nc.isClosed()) {
      try {
        await nc.drain()
      } catch {
        await nc.close().catch(() => undefined)
      }
    }
  }

  private async run(): Promise<void> {
    let wait = this.options.retryMs ?? 500
    const maxWait = this.options.maxRetryMs ?? 15_000
    let first = true
    while (!this.closed) {
      this.emitState(first ? 'connecting' : 'reconnecting')
      try {
        const nc = await connect({ ...connectionOptions(this.options), waitOnFirstConnect: false, timeout: 5000 })
        if (this.closed) {
          await nc.close()
          return
        }
        this.nc = nc
        this.lastError = ''
        wait = this.options.retryMs ?? 500
        this.emitState('connected')
        for (const listener of this.listeners) await this.notifyConnected(listener, nc, !first)
        first = false
        await this.watch(nc)
      } catch (err) {
        this.reportError(err)
      }
      if (this.closed) return
      this.nc = undefined
      this.emitState('disconnected')
      await this.sleep(wait)
      wait = Math.min(maxWait, wait * 2)
    }
  }

  /** Follows the connection until it closes; the client's own reconnects are reported as they happen. */
  private async watch(nc: NatsConnection): Promise<void> {
    const statuses = (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.emitState('reconnecting', 'connection to the NATS server lost')
        else if (status.type === 'reconnect') {
          this.emitState('connected')
          for (const listener of this.listeners) await this.notifyConnected(listener, nc, true)
        } else if (status.type === 'error') this.reportError(status.error)
      }
    })()
    const closedWith = await nc.closed()
    await statuses.catch(() => undefined)
    if (closedWith instanceof Error) this.reportError(closedWith)
  }

  private async notifyConnected(listener: LinkListener, nc: NatsConnection, reconnected: boolean): Promise<void> {
    try {
      await listener.onConnected(nc, reconnected)
    } catch (err) {
      this.reportError(err)
    }
  }

  private reportError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err)
    // Say each distinct refusal once, not once per retry.
    if (message === this.lastError) return
    this.lastError = message
    for (const listener of this.listeners) listener.onError(`NATS ${this.server}: ${message}`)
  }

  private emitState(state: LinkState, message?: string): void {
    for (const listener of this.listeners) listener.onState(state, message)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      timer.unref()
      this.wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
}

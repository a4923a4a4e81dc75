import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import { WEBSOCKET_PATH, type WireCommand, type WireMessage } from '../../shared/contract'
import type { Bridge, ClientSession } from '../bridge'
import { send, serveStatic } from './static-files'

export interface WebSocketHostOptions {
  bridge: Bridge
  /** Every API request and socket must carry it (`?token=` or `Authorization: Bearer`). */
  token: string
  /** Default 127.0.0.1: the engine is not on the network unless asked. */
  host?: string
  /** Default 0 (any free port). */
  port?: number
  /** The built renderer; without it only the API is served. */
  staticDir?: string
  /** Pages at other origins allowed to connect, besides this host's own. */
  allowedOrigins?: string[]
  /** How often silent sockets are pinged; one missed pong closes them. Default 30 s. */
  heartbeatMs?: number
}

/** Largest command a client may send; a request is a few hundred bytes. */
const MAX_COMMAND_BYTES = 1 << 20

/**
 * The headless host: serves the built renderer and the bridge's API over
 * HTTP and WebSocket, so the app runs in a browser or the engine on a
 * server. Every socket is a session, disposed when the socket closes, just
 * as closing a window disposes its session. Sockets without the token, or
 * from a page at a foreign origin (another site in the user's browser), are
 * refused before the upgrade; so are requests whose Host is not this host
 * (DNS rebinding).
 */
export class WebSocketHost {
  private readonly server: Server
  private readonly sockets: WebSocketServer
  private readonly sessions = new Map<WebSocket, ClientSession>()
  private readonly alive = new WeakSet<WebSocket>()
  private readonly token: Buffer
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private port = 0

  constructor(private readonly options: WebSocketHostOptions) {
    if (options.token.length < 16) throw new RangeError('the token must be at least 16 characters')
    this.token = Buffer.from(options.token)
    this.server = createServer((req, res) => void this.onRequest(req, res))
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_COMMAND_BYTES })
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head))
    this.sockets.on('connection', (ws, req: IncomingMessage) => this.onConnection(ws, req))
  }

  /** Starts listening; resolves with the page URL to open (token included). */
  async listen(): Promise<string> {
    const host = this.options.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    this.port = (this.server.address() as AddressInfo).port
    const every = this.options.heartbeatMs ?? 30_000
    this.heartbeat = setInterval(() => this.checkAlive(), every)
    this.heartbeat.unref()
    return `http://${urlHost(host)}:${this.port}/?token=${encodeURIComponent(this.options.token)}`
  }

  get address(): { host: string; port: number } {
    return { host: this.options.host ?? '127.0.0.1', port: this.port }
  }

  get clientCount(): number {
    return this.sessions.size
  }

  /** Disconnects every client (disposing its session) and stops listening. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat)
    for (const [ws, session] of this.sessions) {
      session.dispose()
      ws.terminate()
    }
    this.sessions.clear()
    this.sockets.close()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!this.isOurHost(req)) return send(res, 403, 'Forbidden')
      const url = new URL(req.url ?? '/', 'http://host')
      if (url.pathname === '/api/stats') {
        if (!this.hasToken(req, url)) return send(res, 401, 'Unauthorized')
        return send(res, 200, JSON.stringify(this.options.bridge.stats()), 'application/json; charset=utf-8')
      }
      if (url.pathname.startsWith('/api/')) return send(res, 404, 'Not found')
      if (this.options.staticDir === undefined) return send(res, 404, 'Not found')
      await serveStatic(this.options.staticDir, req, res, url.pathname)
    } catch (err) {
      console.error('[host] request failed', err)
      if (!res.headersSent) send(res, 500, 'Internal error')
      else res.destroy()
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://host')
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (url.pathname !== WEBSOCKET_PATH) return refuse(404, 'Not Found')
    if (!this.isOurHost(req) || !this.isOurOrigin(req)) return refuse(403, 'Forbidden')
    if (!this.hasToken(req, url)) return refuse(401, 'Unauthorized')
    this.sockets.handleUpgrade(req, socket, head, (ws) => this.sockets.emit('connection', ws, req))
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    // Named by its address, so the log says which client changed a setting or flooded the desk.
    const { remoteAddress, remotePort } = req.socket
    const session = this.options.bridge.open(
      (batch) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ batch } satisfies WireMessage))
      },
      `client ${remoteAddress ?? 'unknown'}:${remotePort ?? 0}`,
    )
    this.sessions.set(ws, session)
    this.alive.add(ws)
    const end = (): void => {
      session.dispose()
      this.sessions.delete(ws)
    }
    ws.on('close', end)
    ws.on('error', end)
    ws.on('pong', () => this.alive.add(ws))
    ws.on('message', (data, isBinary) => void this.onMessage(ws, session, isBinary ? '' : String(data)))
  }

  private async onMessage(ws: WebSocket, session: ClientSession, text: string): Promise<void> {
    this.alive.add(ws)
    const command = parseCommand(text)
    if (command === undefined) return ws.close(1007, 'Commands are JSON objects with a numeric id')
    const result = await this.options.bridge.handle(session, command.channel, command.request)
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: command.id, result } satisfies WireMessage))
  }

  /** Pings every socket; one that did not answer the last ping is closed, which ends its session. */
  private checkAlive(): void {
    for (const ws of this.sessions.keys()) {
      if (!this.alive.has(ws)) {
        ws.terminate()
        continue
      }
      this.alive.delete(ws)
      ws.ping()
    }
  }

  private hasToken(req: IncomingMessage, url: URL): boolean {
    const header = req.headers.authorization
    const given = url.searchParams.get('token') ?? (header?.startsWith('Bearer ') ? header.slice(7) : '')
    const candidate = Buffer.from(given)
    return candidate.length === this.token.length && timingSafeEqual(candidate, this.token)
  }

  private ownOrigins(): Set<string> {
    const origins = new Set(this.options.allowedOrigins ?? [])
    for (const name of this.hostNames()) origins.add(`http://${name}:${this.port}`)
    return origins
  }

  private isWildcard(): boolean {
    const host = this.options.host ?? '127.0.0.1'
    return host === '0.0.0.0' || host === '::'
  }

  private hostNames(): string[] {
    const host = this.options.host ?? '127.0.0.1'
    const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1'
    return loopback ? ['127.0.0.1', 'localhost', '[::1]'] : [urlHost(host)]
  }

  /** A browser always sends Origin on a WebSocket; tools that send none are judged by the token alone. */
  private isOurOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin
    if (origin === undefined || this.ownOrigins().has(origin)) return true
    return this.isWildcard() && origin === `http://${req.headers.host}`
  }

  private isOurHost(req: IncomingMessage): boolean {
    // Bound to all interfaces, the server is reached under names it cannot know.
    if (this.isWildcard()) return true
    const given = req.headers.host
    return given !== undefined && this.hostNames().some((name) => given === `${name}:${this.port}`)
  }
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

function parseCommand(text: string): WireCommand | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { id, channel, request } = value as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined
  return { id, channel, request } as WireCommand
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import { WEBSOCKET_PATH, type WireCommand, type WireMessage } from '../../shared/contract'
import type { Bridge, ClientSession } from '../bridge'
import { AccessToken, cookieNameFor } from './access-token'
import { CLOSE_TOO_SLOW, ClientFlow, flowLimits, type ClientFlowStats, type FlowLimits } from './client-flow'
import { parseRequestTarget, type RequestTarget } from './request-target'
import { SendBudget } from './send-budget'
import { READ_METHODS, send, serveStatic } from './static-files'

export interface WebSocketHostOptions {
  bridge: Bridge
  /** Every API request and socket must carry it: in the page's cookie, `Authorization: Bearer`, or `?token=`. */
  token: string
  /** Default 127.0.0.1: the engine is not on the network unless asked. */
  host?: string
  /** Default 0 (any free port). */
  port?: number
  /** The built renderer; without it only the API is served. */
  staticDir?: string
  /** Pages at other origins allowed to connect, besides this host's own. */
  allowedOrigins?: string[]
  /** How often sockets are pinged; one that did not answer the last ping is closed. Default 30 s. */
  heartbeatMs?: number
  /** Per-client flow control (see ClientFlow). */
  flow?: FlowLimits
}

/** Largest command a client may send; a request is a few hundred bytes. */
const MAX_COMMAND_BYTES = 1 << 20

/** One connected socket: its bridge session and its flow control. */
interface Client {
  session: ClientSession
  flow: ClientFlow
}

/**
 * The headless host: serves the built renderer and the bridge's API over
 * HTTP and WebSocket, so the app runs in a browser or the engine on a
 * server. Every socket is a session, disposed when the socket closes, just
 * as closing a window disposes its session. Sockets without the token, or
 * from a page at a foreign origin (another site in the user's browser), are
 * refused before the upgrade; so are requests whose Host is not this host
 * (DNS rebinding).
 *
 * Nothing a client sends may stop the process (issue 10): each request,
 * upgrade and message is handled inside its own error handling and answered
 * alone (400/404/405/500, or a close code), and every socket has an error
 * listener from the moment the host sees it.
 */
export class WebSocketHost {
  private readonly server: Server
  private readonly sockets: WebSocketServer
  private readonly clients = new Map<WebSocket, Client>()
  private readonly alive = new WeakSet<WebSocket>()
  private readonly token: AccessToken
  private readonly limits: ReturnType<typeof flowLimits>
  private readonly budget: SendBudget
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private port = 0

  constructor(private readonly options: WebSocketHostOptions) {
    if (options.token.length < 16) throw new RangeError('the token must be at least 16 characters')
    this.token = new AccessToken(options.token)
    this.limits = flowLimits(options.flow)
    this.budget = new SendBudget(this.limits.maxHostBufferedBytes)
    this.server = createServer((req, res) => void this.onRequest(req, res))
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_COMMAND_BYTES })
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head))
    // Without a listener Node drops a CONNECT without a word; answer it like any method we do not serve.
    this.server.on('connect', (_req, socket: Duplex) => {
      socket.on('error', () => socket.destroy())
      refuse(socket, 405, 'Method Not Allowed')
    })
    this.sockets.on('connection', (ws, req: IncomingMessage) => this.onConnection(ws, req))
  }

  /** Starts listening; resolves with the page URL to open (token included: the page trades it for a cookie). */
  async listen(): Promise<string> {
    const host = this.options.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    // Once listening, an error (accept failing with EMFILE) is reported, not thrown at the process.
    this.server.on('error', (err) => console.error('[host] server error', err))
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
    return this.clients.size
  }

  /** Flow control of each connected client. */
  clientStats(): ClientFlowStats[] {
    return [...this.clients.values()].map((client) => client.flow.stats())
  }

  /** Disconnects every client (disposing its session) and stops listening. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat)
    for (const ws of [...this.clients.keys()]) {
      this.end(ws)
      ws.terminate()
    }
    this.sockets.close()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const target = parseRequestTarget(req.url)
      if (target === undefined) return send(res, 400, 'Bad request')
      if (!this.isOurHost(req)) return send(res, 403, 'Forbidden')
      if (target.path === '/api/stats' || target.path === '/api/session') return this.answerApi(req, res, target)
      if (target.path.startsWith('/api/')) return send(res, 404, 'Not found')
      if (this.options.staticDir === undefined) return send(res, 404, 'Not found')
      if (this.opensWithToken(req, target)) {
        // The token moves into a cookie and out of the address bar (and the history).
        res.writeHead(302, {
          Location: '/',
          'Set-Cookie': this.token.setCookie(cookieNameFor(this.port)),
          'Cache-Control': 'no-store',
          'Referrer-Policy': 'no-referrer',
        })
        return void res.end()
      }
      await serveStatic(this.options.staticDir, req, res, target.path)
    } catch (err) {
      console.error('[host] request failed', err)
      if (!res.headersSent) send(res, 500, 'Internal error')
      else res.destroy()
    }
  }

  /** `/api/stats` and `/api/session`: read-only, token required. */
  private answerApi(req: IncomingMessage, res: ServerResponse, target: RequestTarget): void {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', { Allow: READ_METHODS })
    if (!this.token.admits(req, target.query, cookieNameFor(this.port)))
      return send(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer' })
    // The session answer is the bridge's: the same run id every snapshot of this desk carries.
    const answer = target.path === '/api/stats' ? this.options.bridge.stats() : this.options.bridge.sessionInfo
    send(res, 200, JSON.stringify(answer), {}, 'application/json; charset=utf-8')
  }

  /** The page itself asked for with the right `?token=`. */
  private opensWithToken(req: IncomingMessage, target: RequestTarget): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    if (target.path !== '/' && target.path !== '/index.html') return false
    const given = target.query.get('token')
    return given !== null && this.token.matches(given)
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node takes its own error listener off an upgraded socket: a reset before ws adopts it must not throw.
    socket.on('error', () => socket.destroy())
    try {
      const target = parseRequestTarget(req.url)
      if (target === undefined) return refuse(socket, 400, 'Bad Request')
      if (target.path !== WEBSOCKET_PATH) return refuse(socket, 404, 'Not Found')
      if (!this.isOurHost(req) || !this.isOurOrigin(req)) return refuse(socket, 403, 'Forbidden')
      if (!this.token.admits(req, target.query, cookieNameFor(this.port))) return refuse(socket, 401, 'Unauthorized')
      this.sockets.handleUpgrade(req, socket, head, (ws) => this.sockets.emit('connection', ws, req))
    } catch (err) {
      console.error('[host] upgrade failed', err)
      refuse(socket, 500, 'Internal Server Error')
    }
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const flow = new ClientFlow(
      ws,
      this.limits,
      this.budget,
      (command) => this.answer(ws, command),
      () => this.giveUpOn(ws),
    )
    // Named by its address, so the log says which client changed a setting or flooded the desk.
    const { remoteAddress, remotePort } = req.socket
    const session = this.options.bridge.open(
      (batch) => {
        try {
          flow.send(JSON.stringify({ batch } satisfies WireMessage))
        } catch (err) {
          console.error('[host] batch not sent', err)
          ws.close(1011, 'Internal error')
        }
      },
      `client ${remoteAddress ?? 'unknown'}:${remotePort ?? 0}`,
    )
    this.clients.set(ws, { session, flow })
    this.alive.add(ws)
    ws.on('close', () => {
      this.end(ws)
      flow.release()
    })
    ws.on('error', () => this.end(ws))
    // Only a pong proves the client alive: a client that keeps sending but never answers is still dead.
    ws.on('pong', (data) => {
      this.alive.add(ws)
      flow.pong(data)
    })
    ws.on('message', (data, isBinary) => flow.receive(isBinary ? '' : String(data)))
  }

  /** Runs one command; the reply's text, or undefined when the socket was closed instead. */
  private async answer(ws: WebSocket, text: string): Promise<string | undefined> {
    const client = this.clients.get(ws)
    if (client === undefined) return undefined
    const command = parseCommand(text)
    if (command === undefined) {
      ws.close(1007, 'Commands are JSON objects with a numeric id')
      return undefined
    }
    try {
      const result = await this.options.bridge.handle(client.session, command.channel, command.request)
      return JSON.stringify({ id: command.id, result } satisfies WireMessage)
    } catch (err) {
      console.error('[host] command failed', err)
      ws.close(1011, 'Internal error')
      return undefined
    }
  }

  /** Ends the session of a client that read nothing for the stall timeout, and tells it why. */
  private giveUpOn(ws: WebSocket): void {
    this.end(ws)
    // The close frame queues behind what the client has not read; reading again lets its answer in.
    ws.resume()
    const seconds = Math.round(this.limits.stallTimeoutMs / 1000)
    ws.close(CLOSE_TOO_SLOW, `Client too slow: it read none of its replies for ${seconds} s`)
  }

  private end(ws: WebSocket): void {
    const client = this.clients.get(ws)
    if (client === undefined) return
    this.clients.delete(ws)
    client.flow.close()
    client.session.dispose()
  }

  /** Pings every socket; one that did not answer the last ping is closed, which ends its session. */
  private checkAlive(): void {
    for (const ws of this.clients.keys()) {
      if (!this.alive.has(ws)) {
        ws.terminate()
        continue
      }
      this.alive.delete(ws)
      ws.ping()
    }
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

/** Answers a socket the host will not upgrade, and closes it. */
function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
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

/**
 * The browser's transport to the headless host: one WebSocket to the page's
 * own host, reconnecting with backoff. It is authenticated by the cookie the
 * host set when the page was opened with its token (the upgrade is
 * same-origin, so the cookie travels), or by the token still in the page URL.
 * Commands made while the socket is down wait for it briefly, then fail (a
 * trader should see "not connected", not an order sent minutes late).
 */
import {
  WEBSOCKET_PATH,
  type Batch,
  type CommandChannel,
  type Result,
  type WireCommand,
  type WireMessage,
} from '../shared/contract'
import type { ConnectionState, Transport } from './api'

/** The host closed the socket because the page read too little of what it asked for (see the host's flow control). */
const CLOSE_TOO_SLOW = 4008

/** The subset of the WebSocket API used here (the browser's, Node's or `ws`). */
export interface WebSocketLike {
  readonly readyState: number
  onopen: ((event: unknown) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  send(data: string): void
  close(): void
}

export interface WebSocketTransportOptions {
  /** Full `ws://…/api/ws` URL; default: the page's host, with the page URL's token if it has one. */
  url?: string
  /** How to open a socket; default the global `WebSocket`. */
  connect?: (url: string) => WebSocketLike
  /** How long a command waits for the connection before failing, ms. Default 5000. */
  connectTimeoutMs?: number
  /** Longest wait between reconnect attempts, ms. Default 5000. */
  maxBackoffMs?: number
}

/** A transport that can also be shut down for good (tests, page unload). */
export interface WebSocketTransport extends Transport {
  close(): void
}

const OPEN = 1

interface PageLocation {
  protocol: string
  host: string
  search: string
}

/** The host's URL for this page: same host, `wss:` under https, the token from `?token=` when the address has one. */
export function pageWebSocketUrl(location: PageLocation): string {
  const token = new URLSearchParams(location.search).get('token')
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`
  return `${scheme}//${location.host}${WEBSOCKET_PATH}${query}`
}

export function createWebSocketTransport(options: WebSocketTransportOptions = {}): WebSocketTransport {
  const url = options.url ?? pageWebSocketUrl((globalThis as unknown as { location: PageLocation }).location)
  const connect = options.connect ?? ((u: string) => new WebSocket(u) as unknown as WebSocketLike)
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000
  const maxBackoffMs = options.maxBackoffMs ?? 5000

  const batchListeners = new Set<(batch: Batch) => void>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()
  const replies = new Map<number, (result: Result<unknown>) => void>()
  const waitingForOpen = new Set<() => void>()
  let state: ConnectionState = 'connecting'
  let socket: WebSocketLike | undefined
  let nextId = 1
  let backoffMs = 250
  let retry: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const setState = (next: ConnectionState): void => {
    if (next === state) return
    state = next
    for (const listener of connectionListeners) listener(next)
  }

  const open = (): void => {
    setState('connecting')
    const ws = connect(url)
    socket = ws
    ws.onopen = () => {
      backoffMs = 250
      setState('open')
      for (const resume of [...waitingForOpen]) resume()
    }
    ws.onmessage = (event) => receive(event.data)
    ws.onerror = () => {}
    ws.onclose = (event) => {
      if (socket !== ws) return
      socket = undefined
      // Replies to commands in flight will never come: answer them now.
      for (const answer of replies.values()) answer(notConnected('Connection to the host was lost'))
      replies.clear()
      setState('closed')
      if (closed) return
      // Closed for reading too slowly, the page is likely still busy (a background tab, a saturated link):
      // coming straight back would only fill the host's buffers again.
      if (closeCode(event) === CLOSE_TOO_SLOW) backoffMs = maxBackoffMs
      retry = setTimeout(open, backoffMs)
      backoffMs = Math.min(maxBackoffMs, backoffMs * 2)
    }
  }

  const receive = (data: unknown): void => {
    let message: WireMessage
    try {
      message = JSON.parse(String(data)) as WireMessage
    } catch {
      return
    }
    if ('batch' in message) {
      for (const listener of batchListeners) listener(message.batch)
    } else if (typeof message.id === 'number') {
      const answer = replies.get(message.id)
      replies.delete(message.id)
      answer?.(message.result)
    }
  }

  const send = (channel: CommandChannel, request: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      const ws = socket
      if (ws === undefined || ws.readyState !== OPEN) return resolve(notConnected('Not connected to the host'))
      const id = nextId++
      replies.set(id, resolve)
      const command: WireCommand = { id, channel, request }
      ws.send(JSON.stringify(command))
    })

  const whenOpen = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (state === 'open') return resolve(true)
      const resume = (): void => {
        clearTimeout(timer)
        waitingForOpen.delete(resume)
        resolve(true)
      }
      const timer = setTimeout(() => {
        waitingForOpen.delete(resume)
        resolve(false)
      }, connectTimeoutMs)
      waitingForOpen.add(resume)
    })

  open()

  return {
    async invoke(channel: CommandChannel, request: unknown): Promise<unknown> {
      if (closed || !(await whenOpen())) return notConnected('Not connected to the host')
      return send(channel, request)
    },
    onBatch(listener) {
      batchListeners.add(listener)
      return () => void batchListeners.delete(listener)
    },
    onConnection(listener) {
      connectionListeners.add(listener)
      return () => void connectionListeners.delete(listener)
    },
    connection: () => state,
    close() {
      closed = true
      clearTimeout(retry)
      socket?.close()
    },
  }
}

function closeCode(event: unknown): number | undefined {
  const code = (event as { code?: unknown } | null)?.code
  return typeof code === 'number' ? code : undefined
}

function notConnected(message: string): Result<unknown> {
  return { ok: false, error: { code: 'FAILED_PRECONDITION', message } }
}

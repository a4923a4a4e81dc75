/** A running WebSocketHost over a real desk, and the ways the host tests talk to it: HTTP, raw bytes, WebSocket. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect as connectTcp } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { WebSocketHost, type WebSocketHostOptions } from '../../src/main/hosts/websocket-host'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { WEBSOCKET_PATH, type WireMessage } from '../../src/shared/contract'

export const TOKEN = 'test-token-0123456789abcdef'

export interface TestHost {
  desk: TradingDesk
  host: WebSocketHost
  /** What `listen` answered: the page URL to open. */
  url: string
  port: number
  /** The page's own origin, `http://127.0.0.1:<port>`. */
  origin: string
  staticDir: string
  close(): Promise<void>
}

/** A desk with the simulated market connected, and a host serving a one-line page from a temporary folder. */
export async function openTestHost(options: Partial<WebSocketHostOptions> = {}): Promise<TestHost> {
  const staticDir = mkdtempSync(join(tmpdir(), 'eventdesk-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>EventDesk</title>')
  const desk = createTradingDesk({ connectSim: { tickRate: 20 } })
  await desk.engine.idle()
  const host = new WebSocketHost({ bridge: desk.bridge, token: TOKEN, staticDir, heartbeatMs: 60_000, ...options })
  const url = await host.listen()
  const port = host.address.port
  return {
    desk,
    host,
    url,
    port,
    origin: `http://127.0.0.1:${port}`,
    staticDir,
    async close() {
      await host.close()
      await desk.close()
    },
  }
}

export interface HttpAnswer {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

export function httpRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

/**
 * Writes `bytes` on a fresh connection exactly as given (a malformed request really goes on the wire),
 * and resolves with the status line's code, 0 when the host closed without answering, or -1 when it
 * neither answered nor closed within `waitMs`.
 */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 5000): Promise<number> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    const finish = (status: number): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(status)
    }
    const timer = setTimeout(() => finish(-1), waitMs)
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1'))
      if (match !== null) finish(Number(match[1]))
    })
    // The host may answer and close while a huge request is still being written (EPIPE, ECONNRESET).
    socket.on('error', () => {})
    socket.on('close', () => finish(0))
    socket.write(bytes)
  })
}

/** The upgrade request a browser sends, with `target` as its request target. */
export function upgradeRequest(port: number, target: string, extraHeaders = ''): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extraHeaders}\r\n`
  )
}

export const wsUrl = (port: number, token = TOKEN): string =>
  `ws://127.0.0.1:${port}${WEBSOCKET_PATH}?token=${encodeURIComponent(token)}`

/** Resolves with the open socket, or rejects with the HTTP status the upgrade was refused with. */
export function openSocket(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options)
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

/** Parses what the host sent on a socket. */
export function wireMessage(data: unknown): WireMessage {
  return JSON.parse(String(data)) as WireMessage
}

export async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

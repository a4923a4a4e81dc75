/**
 * The headless host end to end: the real engine, trading core and simulated
 * gateway behind the WebSocket host, driven through the browser's API
 * (createApi over the WebSocket transport); and the `server.ts` command line.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { createApi } from '../../src/client/api'
import { createWebSocketTransport, type WebSocketLike } from '../../src/client/websocket-transport'
import { WEBSOCKET_PATH, type Batch, type HostStats } from '../../src/shared/contract'
import type { Account, Order, Position, Trade } from '../../src/shared/objects'

const TOKEN = 'integration-token-0123456789'

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('a browser window on the headless host', () => {
  let desk: TradingDesk
  let host: WebSocketHost
  let port: number

  beforeAll(async () => {
    desk = createTradingDesk({ connectSim: { tickRate: 10, pollEvery: 1 } })
    host = new WebSocketHost({ bridge: desk.bridge, token: TOKEN })
    await host.listen()
    port = host.address.port
  })
  afterAll(async () => {
    await host.close()
    await desk.close()
  })

  const stats = async (): Promise<HostStats> =>
    (
      await fetch(`http://127.0.0.1:${port}/api/stats`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json() as Promise<HostStats>

  it('trades, sees the consequences in orders, trades, positions and account, and releases its handlers on close', async () => {
    await until(() => desk.core.getContract('rb2701.SHFE') !== undefined)
    const baseline = (await stats()).handlerCount
    const transport = createWebSocketTransport({
      url: `ws://127.0.0.1:${port}${WEBSOCKET_PATH}?token=${TOKEN}`,
      connect: (url) => new WebSocket(url, { origin: `http://127.0.0.1:${port}` }) as unknown as WebSocketLike,
    })
    const api = createApi(transport)
    const orders = new Map<string, Order>()
    const trades = new Map<string, Trade>()
    const positions = new Map<string, Position>()
    const accounts = new Map<string, Account>()
    const seqs: number[] = []
    api.on('batch', (batch: Batch) => {
      void api.invoke('session:ack', { seq: batch.seq })
      seqs.push(batch.seq)
      if (batch.snapshot) for (const o of batch.snapshot.orders) orders.set(o.vtOrderId, o)
      for (const o of batch.items.order ?? []) orders.set(o.vtOrderId, o)
      for (const t of batch.items.trade ?? []) trades.set(t.vtTradeId, t)
      for (const p of batch.items.position ?? []) positions.set(p.vtPositionId, p)
      for (const a of batch.items.account ?? []) accounts.set(a.vtAccountId, a)
    })
    expect(await api.invoke('market:subscribe', { vtSymbols: ['rb2701.SHFE'] })).toEqual({ ok: true, value: null })
    expect(await api.invoke('session:subscribe', {})).toEqual({ ok: true, value: null })
    await until(() => desk.core.getTick('rb2701.SHFE') !== undefined)
    const tick = desk.core.getTick('rb2701.SHFE')!
    const reply = await api.invoke('order:send', {
      vtSymbol: 'rb2701.SHFE',
      direction: 'LONG',
      offset: 'OPEN',
      type: 'LIMIT',
      price: tick.askPrice1 + 5,
      volume: 2,
    })
    expect(reply.ok).toBe(true)
    const vtOrderId = (reply as { value: { vtOrderId: string } }).value.vtOrderId
    await until(() => orders.get(vtOrderId)?.status === 'ALLTRADED')
    await until(
      () => [...trades.values()].filter((t) => t.vtOrderId === vtOrderId).reduce((n, t) => n + t.volume, 0) === 2,
    )
    await until(() => positions.get('SIM.rb2701.SHFE.LONG')?.volume === 2)
    await until(() => [...accounts.values()].some((a) => a.margin > 0))
    expect(seqs).toEqual(seqs.map((_, i) => i + 1))
    expect(positions.get('SIM.rb2701.SHFE.LONG')).toMatchObject(
      desk.core.getAllPositions().find((p) => p.vtPositionId === 'SIM.rb2701.SHFE.LONG')!,
    )
    expect((await stats()).sessions).toBe(1)

    transport.close() // the tab closes
    await until(async () => (await stats()).sessions === 0)
    expect((await stats()).handlerCount).toBe(baseline)
  })
})

describe('server.ts', () => {
  it('prints a URL with a generated token, serves stats only with it, and shuts down on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts', '--port', '0', '--ephemeral'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (out += chunk))
    try {
      await until(() => /Open http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(out), 30_000)
      const url = new URL(/Open (\S+)/.exec(out)![1])
      const token = url.searchParams.get('token')!
      expect(token.length).toBeGreaterThanOrEqual(24)
      expect((await fetch(`${url.origin}/api/stats`)).status).toBe(401)
      const stats = (await (await fetch(`${url.origin}/api/stats?token=${token}`)).json()) as HostStats
      expect(stats).toMatchObject({ sessions: 0, handlerCount: expect.any(Number) })
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
    expect(out).toContain('shutting down')
  }, 40_000)
})

describe('server.ts command line', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'eventdesk-cli-')), 'not-a-folder')
  writeFileSync(file, '')
  const mistakes: [string[], RegExp][] = [
    [['--token', 's3cret'], /--token .*at least 16 characters/],
    [['--port', '99999'], /--port .*0 to 65535.*99999/],
    [['--prot', '8787'], /unknown option --prot/],
    [['--data', file], /--data .*folder.*not-a-folder/],
    [['--max-order-value', 'lots'], /--max-order-value .*number.*lots/],
  ]
  for (const [args, message] of mistakes)
    it(`refuses ${args.join(' ')} with one line naming the flag and status 2`, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/server.ts', ...args], {
        cwd: process.cwd(),
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(run.status).toBe(2)
      expect(run.stdout).toBe('')
      const lines = run.stderr.trimEnd().split('\n')
      expect(lines, run.stderr).toHaveLength(1)
      expect(lines[0]).toMatch(message)
      expect(lines[0]).toMatch(/--help/)
    }, 40_000)

  it('--help lists every flag and setting with its default, and the token rule', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/server.ts', '--help'], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(0)
    for (const flag of ['--host', '--port', '--token', '--static', '--data', '--strategies', '--keep-orders'])
      expect(run.stdout).toContain(flag)
    expect(run.stdout).toMatch(/at least 16 characters/)
    expect(run.stdout).toMatch(/--max-order-value N .*risk\.maxOrderValue \(default 50000000 currency\)/)
  }, 40_000)
})

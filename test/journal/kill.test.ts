/**
 * The hard way: a desk in its own process trades while a WebSocket client
 * watches; once the client has received the trades the process is killed
 * with SIGKILL. This process then finds every one of them in the journal,
 * and a desk started again on the folder shows them to a new window.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createApi } from '../../src/client/api'
import { createWebSocketTransport, type WebSocketLike } from '../../src/client/websocket-transport'
import { JOURNAL_FILE } from '../../src/main/journal'
import { WEBSOCKET_PATH, type Batch, type EventDeskApi } from '../../src/shared/contract'
import type { Log, Order, Tick, Trade } from '../../src/shared/objects'
import type { StrategyState } from '../../src/shared/strategy'
import { DESK_TOKEN, tempDataDir } from './helpers'

const SCRIPT = join(import.meta.dirname, 'desk-process.ts')

/** Buys one lot on its first tick while trading. */
const BUY_ONCE = `module.exports = ({ CtaTemplate }) => class BuyOnce extends CtaTemplate {
  static className = 'BuyOnceStrategy'
  static parameters = []
  static variables = []
  vars = {}
  onTick(tick) {
    if (!this.trading || this.sent) return
    this.sent = true
    this.buy(tick.askPrice1 + 10, 1)
  }
}`

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

interface DeskProcess {
  child: ChildProcess
  port: number
  output: () => string
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

async function startDesk(dataDir: string, strategyDir: string): Promise<DeskProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir, strategyDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (chunk) => (out += chunk))
  child.stderr!.on('data', (chunk) => (out += chunk))
  await until(() => /READY \d+/.test(out) || child.exitCode !== null, 'the desk to listen', 30_000)
  const match = /READY (\d+)/.exec(out)
  if (match === null) throw new Error(`the desk did not start:\n${out}`)
  return { child, port: Number(match[1]), output: () => out }
}

/** What a window holds, rebuilt from the batches it received. */
interface Window {
  api: EventDeskApi
  orders: Map<string, Order>
  trades: Map<string, Trade>
  logs: Log[]
  ticks: Map<string, Tick>
  strategies: Map<string, StrategyState>
  close(): void
}

async function openWindow(port: number): Promise<Window> {
  const transport = createWebSocketTransport({
    url: `ws://127.0.0.1:${port}${WEBSOCKET_PATH}?token=${DESK_TOKEN}`,
    connect: (url) => new WebSocket(url, { origin: `http://127.0.0.1:${port}` }) as unknown as WebSocketLike,
  })
  const api = createApi(transport)
  const window: Window = {
    api,
    orders: new Map(),
    trades: new Map(),
    logs: [],
    ticks: new Map(),
    strategies: new Map(),
    close: () => transport.close(),
  }
  api.on('batch', (batch: Batch) => {
    void api.invoke('session:ack', { seq: batch.seq })
    if (batch.snapshot) {
      for (const o of batch.snapshot.orders) window.orders.set(o.vtOrderId, o)
      for (const t of batch.snapshot.trades) window.trades.set(t.vtTradeId, t)
      window.logs.push(...batch.snapshot.logs)
      for (const s of batch.snapshot.strategies) window.strategies.set(s.strategyName, s)
    }
    for (const o of batch.items.order ?? []) window.orders.set(o.vtOrderId, o)
    for (const t of batch.items.trade ?? []) window.trades.set(t.vtTradeId, t)
    window.logs.push(...(batch.items.log ?? []))
    for (const t of batch.items.tick ?? []) window.ticks.set(t.vtSymbol, t)
    for (const s of batch.items.strategy ?? []) window.strategies.set(s.strategyName, s)
  })
  expect(await api.invoke('session:subscribe', {})).toEqual({ ok: true, value: null })
  return window
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

describe('kill -9', () => {
  it('loses nothing a client has seen', async () => {
    const dataDir = tempDataDir()
    const strategyDir = join(dataDir, 'strategies')
    mkdirSync(strategyDir)
    writeFileSync(join(strategyDir, 'buy-once.js'), BUY_ONCE)
    const desk = await startDesk(dataDir, strategyDir)
    const window = await openWindow(desk.port)
    const { api } = window
    await until(() => window.logs.some((l) => l.message.startsWith('connected')), 'the simulated gateway')
    expect(await api.invoke('market:subscribe', { vtSymbols: ['rb2701.SHFE'] })).toMatchObject({ ok: true })

    await until(() => window.ticks.has('rb2701.SHFE'), 'a tick')
    const tick = window.ticks.get('rb2701.SHFE')!

    const sent: string[] = []
    for (let i = 0; i < 6; i++) {
      const reply = await api.invoke('order:send', {
        vtSymbol: 'rb2701.SHFE',
        direction: 'LONG',
        offset: 'OPEN',
        type: 'LIMIT',
        price: tick.askPrice1 + 10,
        volume: 1,
      })
      if (!reply.ok) throw new Error(reply.error.message)
      sent.push(reply.value.vtOrderId)
    }
    // A resting order, far from the market.
    const resting = await api.invoke('order:send', {
      vtSymbol: 'rb2701.SHFE',
      direction: 'LONG',
      offset: 'OPEN',
      type: 'LIMIT',
      price: tick.bidPrice1 - 50,
      volume: 1,
    })
    if (!resting.ok) throw new Error(resting.error.message)
    const restingId = resting.value.vtOrderId

    // A strategy that buys one lot: its position is what the journal must keep too.
    expect(
      await api.invoke('strategy:add', {
        className: 'BuyOnceStrategy',
        strategyName: 'buyer',
        vtSymbol: 'rb2701.SHFE',
        setting: {},
      }),
    ).toMatchObject({ ok: true })
    expect(await api.invoke('strategy:init', { strategyName: 'buyer' })).toMatchObject({ ok: true })
    expect(await api.invoke('strategy:start', { strategyName: 'buyer' })).toMatchObject({ ok: true })
    await until(() => window.strategies.get('buyer')?.variables.pos === 1, "the strategy's fill")

    const filledVolume = (vtOrderId: string): number =>
      [...window.trades.values()].filter((t) => t.vtOrderId === vtOrderId).reduce((sum, t) => sum + t.volume, 0)
    await until(() => sent.every((id) => filledVolume(id) === 1), 'the trades to reach the client')
    await until(() => window.orders.get(restingId)?.status === 'NOTTRADED', 'the resting order')
    const seen = {
      orders: new Map(window.orders),
      trades: new Map(window.trades),
      logs: [...window.logs],
    }
    window.close()
    await killed(desk.child)

    const journal = new DatabaseSync(join(dataDir, JOURNAL_FILE), { readOnly: true })
    const orders = new Map(
      (journal.prepare('SELECT data FROM orders').all() as { data: string }[])
        .map((row) => JSON.parse(row.data) as Order)
        .map((o) => [o.vtOrderId, o]),
    )
    const trades = new Map(
      (journal.prepare('SELECT data FROM trades').all() as { data: string }[])
        .map((row) => JSON.parse(row.data) as Trade)
        .map((t) => [t.vtTradeId, t]),
    )
    const logs = journal.prepare('SELECT time, level, source, message FROM logs').all() as unknown as Log[]
    const buyer = journal.prepare("SELECT variables FROM strategy_variables WHERE strategy_name = 'buyer'").get() as {
      variables: string
    }
    journal.close()
    expect(JSON.parse(buyer.variables)).toMatchObject({ pos: 1 })

    for (const [id, order] of seen.orders) expect(orders.get(id), id).toMatchObject({ status: order.status })
    for (const [id, trade] of seen.trades) expect(trades.get(id), id).toEqual(trade)
    const logKey = (l: Log): string => `${l.time} ${l.source} ${l.message}`
    const journaled = new Set(logs.map(logKey))
    expect(seen.logs.filter((l) => !journaled.has(logKey(l)))).toEqual([])
    expect(orders.get(restingId)?.status).toBe('NOTTRADED')

    // A desk started again on the folder shows a new window all of it.
    const again = await startDesk(dataDir, strategyDir)
    const after = await openWindow(again.port)
    await until(() => after.logs.some((l) => l.message.startsWith('Restored')), 'the restored day')
    for (const [id, order] of seen.orders) expect(after.orders.get(id), id).toMatchObject({ status: order.status })
    for (const [id, trade] of seen.trades) expect(after.trades.get(id), id).toEqual(trade)
    const shown = new Set(after.logs.map(logKey))
    expect(seen.logs.filter((l) => !shown.has(logKey(l)))).toEqual([])
    // Strategies come back once their files have loaded (in a worker).
    await until(() => after.strategies.has('buyer'), 'the restored strategy')
    expect(after.strategies.get('buyer')).toMatchObject({ status: 'added', variables: { pos: 1 } })
    after.close()
  }, 90_000)
})

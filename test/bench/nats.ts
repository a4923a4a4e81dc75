/**
 * Desks on NATS through a local nats-server (Debian's): ticks from one desk to
 * N monitor desks (each a NatsGateway into its own engine, all in this
 * process), beside the WebSocket path in the same run; tick latency from the
 * desk's engine to a monitor's engine; and how long a monitor that was away
 * for an hour of trading takes to catch up from the desk's stream.
 */
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { WebSocket } from 'ws'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'
import type { MirrorCursor, MirrorCursorStore } from '../../src/main/nats'
import { WEBSOCKET_PATH, type WireMessage } from '../../src/shared/contract'
import { EVENT_ORDER, EVENT_TICK, EVENT_TRADE } from '../../src/shared/events'
import type { Order, Tick, Trade } from '../../src/shared/objects'
import { natsServerAvailable, startNatsServer, until, type NatsServer } from '../nats/nats-server'
import { tickTemplate } from './bridge-rig'
import { breathe, percentile, type BenchOptions, type BenchRow, type BenchSuite } from './suite'

const SYMBOLS = 100
const TEMPLATES = Array.from({ length: SYMBOLS }, (_, i) => tickTemplate(i))
const TOKEN = 'bench-token-0123456789abcdef'

function tick(i: number, stamp: number): Tick {
  return { ...TEMPLATES[i % SYMBOLS], volume: i, datetime: stamp }
}

/** Now, on a clock both sides of an in-process link share, in epoch milliseconds with fractions. */
const now = (): number => performance.timeOrigin + performance.now()

function putTick(desk: TradingDesk, t: Tick): void {
  desk.engine.put({ type: EVENT_TICK, data: t })
  desk.engine.put<string>({ type: EVENT_TICK + t.vtSymbol, data: t })
}

/** N monitor desks in a child process (see nats-monitors.ts), as they would run on traders' machines. */
interface Monitors {
  received(): number[]
  /** Desk → a monitor's engine, ms. */
  latencies: number[]
  /** Desk → a window of the first monitor, ms. */
  windowLatencies: number[]
  close(): Promise<void>
}

async function startMonitors(url: string, n: number): Promise<Monitors> {
  const child = fork(join(import.meta.dirname, 'nats-monitors.ts'), [url, String(n)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let received: number[] = Array.from({ length: n }, () => 0)
  const latencies: number[] = []
  const windowLatencies: number[] = []
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the monitors exited (${code})`)))
    child.on(
      'message',
      (message: { ready?: boolean; received?: number[]; latencies?: number[]; windowLatencies?: number[] }) => {
        if (message.ready) resolve()
        if (message.received) received = message.received
        if (message.latencies) latencies.push(...message.latencies)
        if (message.windowLatencies) windowLatencies.push(...message.windowLatencies)
      },
    )
  })
  child.removeAllListeners('exit')
  return {
    received: () => received,
    latencies,
    windowLatencies,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send('stop')
      await exited
    },
  }
}

/** Puts `count` ticks as fast as the desk takes them, and waits until every monitor has them (or nothing moves for 3 s). */
async function flood(
  desk: TradingDesk,
  monitors: Monitors,
  n: number,
  count: number,
): Promise<{ seconds: number; lost: number }> {
  const base = monitors.received().reduce((a, b) => a + b, 0)
  const start = now()
  for (let sent = 0; sent < count;) {
    for (const end = Math.min(count, sent + 500); sent < end; sent++) putTick(desk, tick(sent, now()))
    await breathe()
  }
  const got = (): number => monitors.received().reduce((a, b) => a + b, 0) - base
  let last = -1
  let lastMove = now()
  while (got() < count * n) {
    if (got() !== last) {
      last = got()
      lastMove = now()
    } else if (now() - lastMove > 3000) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return { seconds: (now() - start) / 1000, lost: count * n - got() }
}

/** Ticks at a steady `rate` for `seconds`, for latency. */
async function paced(desk: TradingDesk, rate: number, seconds: number): Promise<void> {
  const start = now()
  let sent = 0
  while (now() - start < seconds * 1000) {
    const due = Math.floor(((now() - start) / 1000) * rate)
    for (; sent < due; sent++) putTick(desk, tick(sent, now()))
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  await new Promise((resolve) => setTimeout(resolve, 500))
}

/**
 * `lost` counts every tick: the ticks put on the desk, times the monitors, less the ticks that reached the
 * monitors' engines. Nothing is conflated before a monitor's engine (its strategies see every tick); only its
 * windows get the latest tick per instrument per frame, as every window does, and the WebSocket path's client.
 */
async function natsFanOut(server: NatsServer, n: number, count: number, webSocketRate: number): Promise<BenchRow[]> {
  const desk = createTradingDesk({ connectSim: false, nats: { url: server.url, desk: 'alpha' } })
  const monitors = await startMonitors(server.url, n)
  try {
    const { seconds, lost } = await flood(desk, monitors, n, count)
    monitors.latencies.length = 0
    monitors.windowLatencies.length = 0
    await paced(desk, 10_000, 3)
    const latencies = [...monitors.latencies]
    const windowLatencies = [...monitors.windowLatencies]
    const perMonitor = (count - lost / n) / seconds
    const fast = perMonitor >= 150_000 && perMonitor >= webSocketRate
    return [
      {
        measure: `NATS ticks/s to each of ${n} monitor(s)`,
        value: perMonitor,
        unit: 'ticks/s',
        target: n === 1 ? '≥ 150k and ≥ WebSocket path, 0 lost' : n === 4 ? '0 lost' : '',
        pass: n === 16 ? undefined : lost === 0 && (n !== 1 || fast),
        note:
          `${count} ticks put as fast as the desk takes them; ${lost} lost (ticks put × monitors − ticks reaching ` +
          `the monitors' engines; none conflated); ${(perMonitor / webSocketRate).toFixed(2)}× the WebSocket path; ` +
          'monitors in one child process',
      },
      {
        measure: `NATS tick latency desk → monitor engine, ${n} monitor(s), 10k ticks/s`,
        value: percentile(latencies, 99),
        unit: 'ms p99',
        target: '',
        pass: undefined,
        note: `p50 ${percentile(latencies, 50).toFixed(2)} ms over ${latencies.length} samples`,
      },
      {
        measure: `NATS tick latency desk → a monitor's window, ${n} monitor(s), 10k ticks/s`,
        value: percentile(windowLatencies, 99),
        unit: 'ms p99',
        target: '',
        pass: undefined,
        note:
          `p50 ${percentile(windowLatencies, 50).toFixed(2)} ms over ${windowLatencies.length} ticks; ` +
          'the window gets the latest tick per instrument per 16 ms frame',
      },
    ]
  } finally {
    await monitors.close()
    await desk.close()
  }
}

/** The same desk with one browser-style WebSocket client instead: ticks ingested while the client keeps up. */
async function webSocketPath(count: number, rate: number): Promise<BenchRow> {
  const desk = createTradingDesk({ connectSim: false })
  const host = new WebSocketHost({ bridge: desk.bridge, token: TOKEN })
  await host.listen()
  const { port } = host.address
  const ws = new WebSocket(`ws://127.0.0.1:${port}${WEBSOCKET_PATH}?token=${TOKEN}`, {
    origin: `http://127.0.0.1:${port}`,
  })
  let updates = 0
  let lastTickAt = 0
  await new Promise((resolve) => ws.once('open', resolve))
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as WireMessage
    if ('batch' in message) {
      updates += message.batch.items.tick?.length ?? 0
      lastTickAt = now()
      ws.send(JSON.stringify({ id: 0, channel: 'session:ack', request: { seq: message.batch.seq } }))
    }
  })
  ws.send(JSON.stringify({ id: 1, channel: 'session:subscribe', request: {} }))
  try {
    const start = now()
    let sent = 0
    while (sent < count) {
      const due = Math.min(count, Math.ceil(((now() - start) / 1000) * rate) + 500)
      for (; sent < due; sent++) putTick(desk, tick(sent, now()))
      await breathe()
    }
    await new Promise((resolve) => setTimeout(resolve, 300))
    const seconds = (lastTickAt - start) / 1000
    return {
      measure: 'WebSocket path: ticks/s ingested with one client',
      value: count / seconds,
      unit: 'ticks/s',
      target: '',
      pass: undefined,
      note: `coalesced per symbol per frame by design: ${updates} tick updates reached the client`,
    }
  } finally {
    ws.close()
    await host.close()
    await desk.close()
  }
}

class MemoryCursors implements MirrorCursorStore {
  private readonly cursors = new Map<string, MirrorCursor>()
  load(name: string): MirrorCursor | undefined {
    return this.cursors.get(name)
  }
  save(name: string, cursor: MirrorCursor): void {
    this.cursors.set(name, cursor)
  }
}

function monitorOf(url: string, name: string, cursors?: MirrorCursorStore): { desk: TradingDesk } {
  return {
    desk: createTradingDesk({
      noSim: true,
      nats: { url, desk: name },
      remotes: [{ desk: 'alpha' }],
      mirrorCursors: cursors,
    }),
  }
}

async function mirrored(m: { desk: TradingDesk }): Promise<void> {
  await until(
    'the mirror',
    () => m.desk.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state === 'connected'),
    30_000,
  )
}

/** An hour away at one order and one fill a second: 3,600 orders, 3,600 trades. */
async function catchUp(server: NatsServer, perHour: number): Promise<BenchRow> {
  const desk = createTradingDesk({ connectSim: false, nats: { url: server.url, desk: 'alpha' } })
  const cursors = new MemoryCursors()
  const first = monitorOf(server.url, 'late', cursors)
  try {
    await mirrored(first)
    await first.desk.close()
    const stamp = Date.now()
    for (let i = 1; i <= perHour; i++) {
      const order: Order = {
        gatewayName: 'SIM',
        symbol: 'S0',
        exchange: 'SHFE',
        vtSymbol: 'S0.SHFE',
        orderId: String(i),
        vtOrderId: `SIM.${i}`,
        type: 'LIMIT',
        direction: 'LONG',
        offset: 'OPEN',
        price: 1000,
        volume: 1,
        traded: 1,
        status: 'ALLTRADED',
        datetime: stamp + i,
        reference: 'bench',
      }
      const trade: Trade = {
        gatewayName: 'SIM',
        symbol: 'S0',
        exchange: 'SHFE',
        vtSymbol: 'S0.SHFE',
        orderId: String(i),
        vtOrderId: `SIM.${i}`,
        tradeId: String(i),
        vtTradeId: `SIM.${i}`,
        direction: 'LONG',
        offset: 'OPEN',
        price: 1000,
        volume: 1,
        datetime: stamp + i,
        reference: 'bench',
        commission: 0,
      }
      desk.engine.put({ type: EVENT_ORDER, data: order })
      desk.engine.put({ type: EVENT_TRADE, data: trade })
      if (i % 500 === 0) await breathe()
    }
    await until('the stream to hold the hour', () => desk.nats!.publisher.outbox.pending === 0, 60_000)
    const start = now()
    const second = monitorOf(server.url, 'late', cursors)
    let trades = 0
    second.desk.engine.register(EVENT_TRADE, () => void trades++)
    try {
      await until('the catch-up', () => trades >= perHour, 120_000)
      return {
        measure: 'catch-up of an hour away (1 order + 1 trade per second)',
        value: now() - start,
        unit: 'ms',
        target: '',
        pass: undefined,
        note: `${perHour} orders and ${perHour} trades, from connect to the last trade applied; ${trades} trades applied`,
      }
    } finally {
      await second.desk.close()
    }
  } finally {
    await desk.close()
  }
}

export const natsSuite: BenchSuite = {
  name: 'nats',
  async run({ quick }: BenchOptions): Promise<BenchRow[]> {
    if (!natsServerAvailable())
      return [
        {
          measure: 'NATS',
          value: NaN,
          unit: '',
          target: '',
          pass: undefined,
          note: 'skipped: nats-server is not installed',
        },
      ]
    const server = await startNatsServer()
    try {
      const count = quick ? 100_000 : 400_000
      const rate = 400_000
      const webSocket = await webSocketPath(count, rate)
      const rows: BenchRow[] = [webSocket]
      for (const n of [1, 4, 16])
        rows.push(...(await natsFanOut(server, n, n === 16 ? count / 4 : count, webSocket.value)))
      rows.push(await catchUp(server, 3600))
      return rows
    } finally {
      await server.dispose()
    }
  },
}

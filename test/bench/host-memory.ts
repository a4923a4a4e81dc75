/**
 * The headless host's memory under clients that ask and never read (issue 10): each attacker pauses its
 * socket and keeps sending day-long `market:history` requests (93 bytes in, ~370 KB out). Before flow
 * control one such client grew the host by 1.5 GB in 40 s. The host runs in a child process, so only its
 * memory counts; a client that does read asks for history meanwhile, to show the host still serves it.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { WebSocket } from 'ws'
import { WEBSOCKET_PATH } from '../../src/shared/contract'
import { BENCH_TOKEN, type HostMemory, type HostRequest } from './host-process'
import { median, row, type BenchOptions, type BenchRow, type BenchSuite } from './suite'

const HOST_PROCESS = resolve(import.meta.dirname, 'host-process.ts')
const HISTORY = JSON.stringify({ channel: 'market:history', request: { vtSymbol: 'IF2612.CFFEX', interval: '1m' } })
const MB = 1024 * 1024
/** The target for 100 attackers. */
const TARGET_MB = 64

interface HostChild {
  port: number
  measure(collectGarbage: boolean): Promise<HostMemory>
  stop(): Promise<void>
}

async function startHost(): Promise<HostChild> {
  const child: ChildProcess = fork(HOST_PROCESS, [], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: 'inherit' })
  const [{ port }] = (await once(child, 'message')) as [{ port: number }]
  const ask = (request: HostRequest): void => void child.send(request)
  return {
    port,
    async measure(collectGarbage) {
      ask({ measure: { collectGarbage } })
      const [memory] = (await once(child, 'message')) as [HostMemory]
      return memory
    },
    async stop() {
      ask('stop')
      await once(child, 'exit')
    },
  }
}

function open(port: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${WEBSOCKET_PATH}?token=${BENCH_TOKEN}`)
  return new Promise((resolveOpen, reject) => {
    ws.once('open', () => resolveOpen(ws))
    ws.once('error', reject)
  })
}

/** Keeps sending history requests without reading a byte; stops adding to its own queue past 256 KB. */
function attack(ws: WebSocket): () => void {
  ws.pause()
  let id = 0
  const timer = setInterval(() => {
    if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > 256 * 1024) return
    for (let i = 0; i < 20; i++) ws.send(`{"id":${++id},${HISTORY.slice(1)}`)
  }, 100)
  return () => clearInterval(timer)
}

/** One day of history for a client that reads, timed from request to reply. */
function timedHistory(ws: WebSocket, id: number): Promise<number> {
  const started = performance.now()
  return new Promise((resolveReply) => {
    const onMessage = (data: unknown): void => {
      if (!String(data).startsWith(`{"id":${id},`)) return
      ws.off('message', onMessage)
      resolveReply(performance.now() - started)
    }
    ws.on('message', onMessage)
    ws.send(`{"id":${id},${HISTORY.slice(1)}`)
  })
}

interface AttackResult {
  rssExtraMb: number
  retainedExtraMb: number
  bufferedMb: number
  unreadMb: number
  held: number
  readerMs: number
}

async function underAttack(attackers: number, seconds: number): Promise<AttackResult> {
  const host = await startHost()
  const reader = await open(host.port)
  // Warm up the code paths the attack takes before the baseline.
  for (let i = 1; i <= 5; i++) await timedHistory(reader, i)
  const base = await host.measure(true)
  const sockets = await Promise.all(Array.from({ length: attackers }, () => open(host.port)))
  const stops = sockets.map(attack)
  let peakRss = base.rss
  const readerTimes: number[] = []
  const end = performance.now() + seconds * 1000
  for (let id = 100; performance.now() < end; id++) {
    peakRss = Math.max(peakRss, (await host.measure(false)).rss)
    readerTimes.push(await timedHistory(reader, id))
    await new Promise((wait) => setTimeout(wait, 200))
  }
  const last = await host.measure(true)
  for (const stop of stops) stop()
  for (const ws of [...sockets, reader]) ws.terminate()
  await host.stop()
  return {
    rssExtraMb: (Math.max(peakRss, last.rss) - base.rss) / MB,
    retainedExtraMb: (last.heapUsed + last.external - base.heapUsed - base.external) / MB,
    bufferedMb: last.bufferedAmount / MB,
    unreadMb: last.unreadBytes / MB,
    held: last.clientsHeld,
    readerMs: median(readerTimes),
  }
}

export const hostSuite: BenchSuite = {
  name: 'host',
  async run(opts: BenchOptions): Promise<BenchRow[]> {
    const seconds = opts.quick ? 5 : 20
    const rows: BenchRow[] = []
    for (const attackers of [1, 10, 100]) {
      const result = await underAttack(attackers, seconds)
      const judged = attackers === 100
      const pass = judged ? result.rssExtraMb < TARGET_MB : undefined
      const who = `${attackers} attacker${attackers === 1 ? '' : 's'}`
      rows.push(
        row(
          `host RSS extra, ${who}`,
          result.rssExtraMb,
          'MB',
          judged ? `< ${TARGET_MB}` : '',
          pass,
          `peak over ${seconds} s`,
        ),
        row(
          `host heap + buffers extra after GC, ${who}`,
          result.retainedExtraMb,
          'MB',
          '',
          undefined,
          `${result.bufferedMb.toFixed(1)} MB waiting in sockets, ${result.unreadMb.toFixed(1)} MB unread ` +
            `counting the kernel's buffers; ${result.held} client(s) held back`,
        ),
        row(`day of history for a reading client, ${who}`, result.readerMs, 'ms', '', undefined, 'median'),
      )
    }
    return rows
  },
}

/**
 * The host the memory benchmark attacks, in a process of its own so that only the host's memory is
 * measured. Started by host-memory.ts with an IPC channel: it answers `{ port }` once listening, then each
 * `measure` with its memory, and exits on `stop`.
 */
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'

export const BENCH_TOKEN = 'bench-token-0123456789abcdef'

/** What the host process reports; bytes. */
export interface HostMemory {
  rss: number
  heapUsed: number
  /** Buffers outside the heap: what waits in the sockets' write queues. */
  external: number
  bufferedAmount: number
  /** Sent and not shown read: the sockets' queues and the kernel's buffers. */
  unreadBytes: number
  clientsHeld: number
}

export type HostRequest = { measure: { collectGarbage: boolean } } | 'stop'

async function main(): Promise<void> {
  const desk = createTradingDesk()
  await desk.engine.idle()
  const host = new WebSocketHost({ bridge: desk.bridge, token: BENCH_TOKEN })
  await host.listen()
  process.on('message', (request: HostRequest) => {
    if (request === 'stop') {
      void host
        .close()
        .then(() => desk.close())
        .then(() => process.exit(0))
      return
    }
    if (request.measure.collectGarbage) globalThis.gc?.()
    const memory = process.memoryUsage()
    const clients = host.clientStats()
    const report: HostMemory = {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      bufferedAmount: clients.reduce((sum, client) => sum + client.bufferedAmount, 0),
      unreadBytes: clients.reduce((sum, client) => sum + client.unreadBytes, 0),
      clientsHeld: clients.filter((client) => client.commandsWaiting > 0).length,
    }
    process.send?.(report)
  })
  process.send?.({ port: host.address.port })
}

if (process.send !== undefined) void main()

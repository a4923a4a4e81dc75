/**
 * The monitor side of the NATS benchmark, in a process of its own as on a trader's machine:
 * `tsx nats-monitors.ts URL N` starts N monitor desks mirroring desk `alpha`, says `ready` once all are
 * mirrored, then reports every 100 ms how many ticks each engine has received, with latency samples
 * (the tick's `datetime` is the desk's put time on the shared wall clock): to every monitor's engine,
 * and to a window of the first monitor (a bridge session that acknowledges each batch at once,
 * as a window that keeps up does; its ticks are coalesced per instrument and frame, as every window's).
 */
import { performance } from 'node:perf_hooks'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { EVENT_TICK } from '../../src/shared/events'
import { until } from '../nats/nats-server'

const [url, count] = process.argv.slice(2)
const now = (): number => performance.timeOrigin + performance.now()

async function main(): Promise<void> {
  const monitors = Array.from({ length: Number(count) }, (_, i) =>
    createTradingDesk({ noSim: true, nats: { url, desk: `m${i}` }, remotes: [{ desk: 'alpha' }] }),
  )
  const received = monitors.map(() => 0)
  let latencies: number[] = []
  let windowLatencies: number[] = []
  monitors.forEach((monitor, i) =>
    monitor.engine.register(EVENT_TICK, (event) => {
      if ((++received[i] & 31) === 0) latencies.push(now() - event.data!.datetime)
    }),
  )
  for (const monitor of monitors)
    await until('the mirror', () => monitor.core.getAllGatewayStatuses().some((s) => s.state === 'connected'), 60_000)
  const first = monitors[0]
  const window = first.bridge.open((batch) => {
    const at = now()
    for (const tick of batch.items.tick ?? []) windowLatencies.push(at - tick.datetime)
    void first.bridge.handle(window, 'session:ack', { seq: batch.seq })
  }, 'bench window')
  await first.bridge.handle(window, 'session:subscribe', {})
  process.send!({ ready: true })
  setInterval(() => {
    process.send!({ received, latencies, windowLatencies })
    latencies = []
    windowLatencies = []
  }, 100)
  process.on('message', async () => {
    window.dispose()
    for (const monitor of monitors) await monitor.close()
    process.exit(0)
  })
}

void main()

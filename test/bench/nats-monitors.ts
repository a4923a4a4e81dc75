/**
 * The monitor side of the NATS benchmark, in a process of its own as on a trader's machine:
 * `tsx nats-monitors.ts URL N` starts N monitor desks mirroring desk `alpha`, says `ready` once all are
 * mirrored, then reports every 100 ms how many ticks each engine has received, with latency samples
 * (the tick's `datetime` is the desk's put time on the shared wall clock).
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
  monitors.forEach((monitor, i) =>
    monitor.engine.register(EVENT_TICK, (event) => {
      if ((++received[i] & 31) === 0) latencies.push(now() - event.data!.datetime)
    }),
  )
  for (const monitor of monitors)
    await until('the mirror', () => monitor.core.getAllGatewayStatuses().some((s) => s.state === 'connected'), 60_000)
  process.send!({ ready: true })
  setInterval(() => {
    process.send!({ received, latencies })
    latencies = []
  }, 100)
  process.on('message', async () => {
    for (const monitor of monitors) await monitor.close()
    process.exit(0)
  })
}

void main()

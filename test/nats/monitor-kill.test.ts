/**
 * A monitor desk killed with SIGKILL while the desk it mirrors keeps trading,
 * then started again on its data folder: it has every trade, each once — the
 * ones from before from its journal, the ones of its absence from the desk's
 * stream after the cursor its journal kept.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { startNatsServer, until } from './nats-server'
import { marketBuy } from './ticks'

const BUY = marketBuy()

interface Report {
  connected: boolean
  trades: string[]
  dispatched: number
}

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

function startMonitor(url: string, dataDir: string): { child: ChildProcess; last: () => Report | undefined } {
  const child = fork(join(import.meta.dirname, 'monitor-process.ts'), [url, dataDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  let report: Report | undefined
  child.on('message', (message: Report) => (report = message))
  cleanup.push(() => void child.kill('SIGKILL'))
  return { child, last: () => report }
}

describe('a monitor killed with SIGKILL while the desk trades', { timeout: 90_000 }, () => {
  it('comes back with every trade, each once', async () => {
    const server = await startNatsServer()
    cleanup.push(() => server.dispose())
    const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-monitor-'))
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const alpha = createTradingDesk({ connectSim: { tickRate: 20 }, nats: { url: server.url, desk: 'alpha' } })
    cleanup.push(() => alpha.close())
    await until('the market', () => alpha.core.getContract('IF2612.CFFEX') !== undefined)

    const first = startMonitor(server.url, dataDir)
    await until('the monitor', () => first.last()?.connected === true, 30_000)
    for (let i = 0; i < 3; i++) alpha.core.sendOrder(BUY, 'SIM')
    await until('three trades on the monitor', () => (first.last()?.trades.length ?? 0) >= 3, 30_000)
    // The monitor's window has them: now it dies without a chance to save anything.
    const exited = new Promise((resolve) => first.child.once('exit', resolve))
    first.child.kill('SIGKILL')
    await exited

    for (let i = 0; i < 4; i++) alpha.core.sendOrder(BUY, 'SIM')
    await until('the desk to fill meanwhile', () => alpha.core.getAllTrades().length >= 7)

    const second = startMonitor(server.url, dataDir)
    const expected = alpha.core
      .getAllTrades()
      .map((t) => `alpha.${t.vtTradeId}`)
      .sort()
    await until('the catch-up', () => (second.last()?.trades.length ?? 0) >= expected.length, 30_000)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const report = second.last()!
    expect([...report.trades].sort()).toEqual(expected)
    // Only the trades of the absence were dispatched again; the three from before came back from the journal.
    expect(report.dispatched).toBe(expected.length - 3)
  })
})

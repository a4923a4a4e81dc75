/**
 * The headless host while a strategy spins (issue 13, defect 2): its
 * `/api/stats` and the engine answer as usual, and the strategy is ended
 * after the watchdog limit the desk's settings give (`strategy.busyLimit`).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'
import { DeskSettings } from '../../src/main/settings'
import type { HostStats } from '../../src/shared/contract'
import { IF, strategyFile, tempDir } from './harness'

const TOKEN = 'isolation-token-0123456789'

const SPINNER = strategyFile(
  'SpinnerStrategy',
  `onTick() {
    if (!this.trading) return
    this.writeLog('spinning')
    while (true) {}
  }`,
)

let desk: TradingDesk | undefined
let host: WebSocketHost | undefined
afterEach(async () => {
  await host?.close()
  await desk?.close()
})

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

it('answers /api/stats while a strategy spins, and ends the strategy after the limit the settings give', async () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'spinner.js'), SPINNER)
  desk = createTradingDesk({
    connectSim: { tickRate: 10 },
    settings: new DeskSettings({ flags: { 'strategy.busyLimit': 3 } }),
    strategyEngine: { strategyDirs: [dir] },
  })
  host = new WebSocketHost({ bridge: desk.bridge, token: TOKEN })
  await host.listen()
  const stats = async (): Promise<HostStats> =>
    (
      await fetch(`http://127.0.0.1:${host!.address.port}/api/stats`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json() as Promise<HostStats>
  const strategies = desk.strategies!
  // Commands wait for the strategy files to load (in a worker).
  expect((await strategies.classes()).classes.map((c) => c.className)).toContain('SpinnerStrategy')
  while (desk.core.getContract(IF) === undefined) await sleep(20)

  await strategies.add('SpinnerStrategy', 'spin', IF, {})
  await strategies.init('spin')
  await strategies.start('spin')
  const spinning = (): boolean => desk!.core.getAllLogs().some((l) => l.source === 'spin' && l.message === 'spinning')
  while (!spinning()) await sleep(20)

  let answers = 0
  let dispatched = 0
  while (strategies.state('spin').status !== 'error') {
    const { metrics } = await stats()
    expect(metrics.dispatchedTotal).toBeGreaterThanOrEqual(dispatched)
    dispatched = metrics.dispatchedTotal
    answers++
    await sleep(200)
  }
  // Three seconds of spinning, and the host answered all along while the engine went on dispatching.
  expect(answers).toBeGreaterThan(5)
  expect((await stats()).metrics.dispatchedTotal).toBeGreaterThan(dispatched)
  expect(strategies.state('spin').error).toBe('onTick ran over 3 s')
}, 30_000)

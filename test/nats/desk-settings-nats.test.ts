/**
 * The desk on NATS as its settings say, against a real nats-server: turned
 * on, renamed and turned off from a window while the desk runs, without a
 * restart; and remote desks added from a window mirrored again at the next
 * start until removed, their credentials kept in a file only the owner reads.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { DeskSettings } from '../../src/main/settings'
import { REMOTE_DESKS_FILE } from '../../src/main/settings/remembered-remotes'
import { startNatsServer, until, type NatsServer } from './nats-server'

const PASSWORD = 'horse-battery-staple'

describe('publishing the desk from its settings', { timeout: 60_000 }, () => {
  let server: NatsServer
  let url: string
  let nc: NatsConnection

  beforeAll(async () => {
    server = await startNatsServer({ config: `authorization { user: desk, password: "${PASSWORD}" }` })
    url = `nats://desk:${PASSWORD}@127.0.0.1:${server.port}`
    nc = await connect({ servers: server.url, user: 'desk', pass: PASSWORD })
  })
  afterAll(async () => {
    await nc?.close()
    await server?.dispose()
  })

  /** Counts the ticks a desk name publishes from now on. */
  function ticksOf(desk: string): { count: number } {
    const seen = { count: 0 }
    const sub = nc.subscribe(`eventdesk.${desk}.tick.>`)
    void (async () => {
      for await (const message of sub) if (message.data.length > 0) seen.count += 1
    })()
    return seen
  }

  it('starts, renames and stops publishing as a window changes the settings, the desk running on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-publish-'))
    const desk = createTradingDesk({ dataDir, settings: new DeskSettings({ dataDir }), connectSim: { tickRate: 20 } })
    const window = desk.bridge.open(() => {}, 'window 1')
    desk.core.subscribe({ symbol: 'IF2612', exchange: 'CFFEX' }, 'SIM')
    try {
      expect(desk.nats).toBeUndefined()
      const alpha = ticksOf('alpha')
      const on = await desk.bridge.handle(window, 'settings:change', {
        changes: { 'nats.publish': true, 'nats.url': url, 'nats.desk': 'alpha' },
      })
      expect(on).toMatchObject({
        ok: true,
        value: { values: { 'nats.url': `nats://desk:•••@127.0.0.1:${server.port}` } },
      })
      await until('ticks on eventdesk.alpha', () => alpha.count > 0)
      const first = desk.nats

      const gamma = ticksOf('gamma')
      expect((await desk.bridge.handle(window, 'settings:change', { changes: { 'nats.desk': 'gamma' } })).ok).toBe(true)
      await until('ticks on eventdesk.gamma', () => gamma.count > 0)
      expect(desk.nats).not.toBe(first)

      expect((await desk.bridge.handle(window, 'settings:change', { changes: { 'nats.publish': false } })).ok).toBe(
        true,
      )
      await until('publishing stopped', () => desk.nats === undefined)
      const logs = desk.core.getAllLogs().map((log) => log.message)
      expect(logs.some((line) => line.includes('window 1') && line.includes('nats.publish'))).toBe(true)
      expect(logs.some((line) => line.includes('Desk gamma published on NATS'))).toBe(true)
      expect(logs.join('\n')).not.toContain(PASSWORD)
      expect(statSync(join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600)
    } finally {
      window.dispose()
      await desk.close()
    }
  })

  it('mirrors a remote desk added from a window again at the next start, until it is removed', async () => {
    const alpha = createTradingDesk({ connectSim: { tickRate: 20 }, nats: { url, desk: 'alpha' } })
    const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-remotes-'))
    const open = () => createTradingDesk({ dataDir, settings: new DeskSettings({ dataDir }), noSim: true })
    const mirrored = (desk: TradingDesk) =>
      desk.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state === 'connected')
    let beta = open()
    try {
      let window = beta.bridge.open(() => {}, 'window 1')
      const added = await beta.bridge.handle(window, 'gateway:addRemote', {
        desk: 'alpha',
        url: `nats://127.0.0.1:${server.port}`,
        user: 'desk',
        password: PASSWORD,
      })
      expect(added).toEqual({ ok: true, value: null })
      await until('the mirror', () => mirrored(beta))
      expect(await beta.bridge.handle(window, 'gateway:remotes', {})).toEqual({
        ok: true,
        value: [{ desk: 'alpha', url: `nats://desk:•••@127.0.0.1:${server.port}`, remembered: true }],
      })
      const file = join(dataDir, REMOTE_DESKS_FILE)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(readFileSync(file, 'utf8')).toContain(PASSWORD)
      window.dispose()
      await beta.close()

      beta = open()
      window = beta.bridge.open(() => {}, 'window 1')
      await until('the mirror after a restart', () => mirrored(beta))
      expect(beta.core.getAllContracts().some((contract) => contract.gatewayName === 'alpha')).toBe(true)
      expect(await beta.bridge.handle(window, 'gateway:removeRemote', { desk: 'alpha' })).toEqual({
        ok: true,
        value: null,
      })
      expect(await beta.bridge.handle(window, 'gateway:remotes', {})).toEqual({ ok: true, value: [] })
      expect(readFileSync(file, 'utf8')).not.toContain('alpha')
      await until('the removal logged', () =>
        beta.core.getAllLogs().some((log) => log.message.includes('Stopped mirroring desk alpha, removed by window 1')),
      )
      window.dispose()
      await beta.close()

      beta = open()
      expect(beta.core.getGateway('alpha')).toBeUndefined()
    } finally {
      await beta.close()
      await alpha.close()
    }
  })
})

/**
 * The Connect dialog's host side (vnpy's ConnectDialog): the form a gateway
 * describes, a setting checked with the same rules the dialog uses, and the
 * setting remembered between runs in the data folder.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { GatewayConnectForm } from '../../src/shared/gateway-settings'
import { createHarness, TestWindow, type Harness } from './harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

async function desk(options: Parameters<typeof createHarness>[0] = {}): Promise<TestWindow> {
  harness = createHarness(options)
  await harness.settle()
  return new TestWindow(harness.desk)
}

const form = async (window: TestWindow): Promise<GatewayConnectForm> => {
  const reply = await window.invoke('gateway:settings', { gatewayName: 'SIM' })
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.value as GatewayConnectForm
}

/** The tick rate the sim last said it connected with. */
function connectedTickRate(h: Harness): unknown {
  return h.desk.core.getAllLogs().findLast((log) => log.code === 'sim.connected')?.params?.tickRate
}

describe('the Connect dialog’s form', () => {
  it('describes the sim’s settings: rates, latency, fault injection, and the seed of an exchange that keeps no state', async () => {
    const window = await desk({ connect: false })
    const { fields, values, remembered } = await form(window)
    expect(fields.map((field) => field.key)).toEqual([
      'tickRate',
      'latencyMs',
      'faultsPerHour',
      'reconnectMs',
      'pollEvery',
      'seed',
      'capitalCny',
      'capitalUsdt',
    ])
    expect(fields.find((field) => field.key === 'latencyMs')).toMatchObject({
      kind: 'number',
      integer: true,
      min: 0,
      unit: 'ms',
    })
    expect(values).toMatchObject({ tickRate: 2, latencyMs: 0, faultsPerHour: 0, seed: 20261126 })
    expect(remembered).toBe(false)
    expect(await window.invoke('gateway:settings', { gatewayName: 'CTP' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'gatewayName' },
    })
  })

  it('refuses a setting the form would refuse, naming the field, and connects nothing', async () => {
    const window = await desk({ connect: false })
    const refused = async (setting: Record<string, number | string | boolean>, field: string, code: string) => {
      const reply = await window.invoke('gateway:connect', { gatewayName: 'SIM', setting })
      expect(reply, JSON.stringify(setting)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', field, detail: { code } },
      })
    }
    await refused({ tickRate: 0 }, 'setting.tickRate', 'setting.belowMin')
    await refused({ latencyMs: 2.5 }, 'setting.latencyMs', 'setting.notInteger')
    await refused({ faultsPerHour: 'often' }, 'setting.faultsPerHour', 'setting.notNumber')
    await refused({ ticks: 5 }, 'setting.ticks', 'setting.unknown')
    await harness!.settle()
    expect(harness!.desk.core.getAllGatewayStatuses()[0].state).toBe('disconnected')
  })
})

describe('remembering the setting', () => {
  it('keeps what a window connected with in the data folder, and the next start connects with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventdesk-connect-'))
    const first = await desk({ dataDir: dir, connect: false })
    expect(
      await first.invoke('gateway:connect', { gatewayName: 'SIM', setting: { tickRate: 5, latencyMs: 150 } }),
    ).toEqual({
      ok: true,
      value: null,
    })
    await harness!.settle()
    expect(connectedTickRate(harness!)).toBe(5)
    expect(JSON.parse(readFileSync(join(dir, 'connect_sim.json'), 'utf8'))).toEqual({ tickRate: 5, latencyMs: 150 })
    expect(await form(first)).toMatchObject({ values: { tickRate: 5, latencyMs: 150, pollEvery: 2 }, remembered: true })
    await harness!.close()

    const second = await desk({ dataDir: dir, connect: 'remembered' })
    await harness!.settle()
    expect(connectedTickRate(harness!)).toBe(5)
    expect(await form(second)).toMatchObject({ values: { tickRate: 5, latencyMs: 150 } })
  })

  it('sets aside a remembered file that is not JSON, says so, and starts from the defaults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventdesk-connect-'))
    writeFileSync(join(dir, 'connect_sim.json'), '{ tickRate: 5')
    const window = await desk({ dataDir: dir, connect: 'remembered' })
    expect(connectedTickRate(harness!)).toBe(2)
    expect(readdirSync(dir).some((name) => name.startsWith('connect_sim.json.unreadable-'))).toBe(true)
    expect(
      harness!.desk.core
        .getAllLogs()
        .some((log) => log.level === 'WARNING' && log.message.includes('connect_sim.json')),
    ).toBe(true)
    expect((await form(window)).values).toMatchObject({ tickRate: 2 })
  })
})

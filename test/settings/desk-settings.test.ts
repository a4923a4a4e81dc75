/**
 * The desk's one settings module: defaults < settings.json < flags, files
 * that are not what they should be, and changes applied at once to the risk
 * check and live sessions, saved, and logged with who made them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DeskSettings } from '../../src/main/settings'
import { DEFAULT_SETTINGS, SETTING_KEYS, type Settings } from '../../src/shared/settings'
import { createHarness, crossingOrder, TestWindow, type Harness } from '../bridge/harness'

const RB = 'rb2701.SHFE'

function dataDir(settings?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-settings-'))
  if (settings !== undefined) writeFileSync(join(dir, 'settings.json'), settings)
  return dir
}

const readFile = (dir: string): unknown => JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))

describe('reading settings', () => {
  it('starts from the defaults, in memory, when there is no data folder', () => {
    const settings = new DeskSettings()
    expect(settings.current()).toEqual(DEFAULT_SETTINGS)
    expect(settings.view()).toMatchObject({ saved: false })
    expect(new Set(Object.values(settings.view().sources))).toEqual(new Set(['default']))
    expect(settings.problems).toEqual([])
  })

  it('takes a flag over settings.json over the default, and says where each value comes from', () => {
    const dir = dataDir(JSON.stringify({ risk: { maxOrderValue: 1e6 }, session: { ordersPerSecond: 5 } }))
    const settings = new DeskSettings({ dataDir: dir, flags: { 'session.ordersPerSecond': 7 } })
    expect(settings.current()).toEqual({
      ...DEFAULT_SETTINGS,
      'risk.maxOrderValue': 1e6,
      'session.ordersPerSecond': 7,
    })
    expect(settings.view().sources).toMatchObject({
      'risk.maxOrderValue': 'file',
      'session.ordersPerSecond': 'flag',
      'risk.maxActiveOrders': 'default',
    })
  })

  it("reads the desktop app's settings.json as it was: { cancelOrdersOnQuit: false }", () => {
    const settings = new DeskSettings({ dataDir: dataDir('{ "cancelOrdersOnQuit": false }') })
    expect(settings.current().cancelOrdersOnQuit).toBe(false)
    expect(settings.problems).toEqual([])
  })

  for (const text of ['null', '[]', '"text"', '42', '{ "risk": ']) {
    it(`sets aside a settings.json holding ${text}, reports it by name, and the desk starts on the defaults`, async () => {
      const dir = dataDir(text)
      const settings = new DeskSettings({ dataDir: dir })
      expect(settings.current()).toEqual(DEFAULT_SETTINGS)
      expect(settings.problems).toHaveLength(1)
      expect(settings.problems[0]).toContain(join(dir, 'settings.json'))
      const aside = readdirSync(dir).filter((name) => name.startsWith('settings.json.unreadable-'))
      expect(aside.map((name) => readFileSync(join(dir, name), 'utf8'))).toEqual([text])

      const harness = createHarness({ connect: false, dataDir: dataDir(text) })
      await harness.settle()
      expect(harness.desk.core.getAllLogs()).toContainEqual(
        expect.objectContaining({ source: 'settings', level: 'WARNING' }),
      )
      await harness.close()
    })
  }

  it('ignores and reports entries that are not settings or fail validation, and keeps them in the file', () => {
    const file = {
      risk: { maxOrderValue: 'lots', checkFunds: false, colour: 1 },
      session: 5,
      nats: { url: 'http://127.0.0.1:4222' },
      sim: { tickRate: 5 },
      cancelOrdersOnQuit: 'no',
    }
    const dir = dataDir(JSON.stringify(file).replace(/^\{/, '{ "__proto__": { "polluted": true },'))
    const settings = new DeskSettings({ dataDir: dir })
    expect(settings.current()).toEqual({ ...DEFAULT_SETTINGS, 'risk.checkFunds': false })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    for (const what of [
      /risk\.maxOrderValue must be a number/,
      /risk\.colour is not a setting/,
      /session must be an object of settings/,
      /nats\.url must start with nats:\/\/ or tls:\/\//,
      /sim is not a setting/,
      /cancelOrdersOnQuit must be true or false/,
      /__proto__ is not a setting/,
    ])
      expect(
        settings.problems.filter((problem) => what.test(problem)),
        String(what),
      ).toHaveLength(1)
    expect(settings.problems.every((problem) => problem.includes(join(dir, 'settings.json')))).toBe(true)

    expect(settings.change({ 'risk.maxOrderVolume': 10 }, 'test').ok).toBe(true)
    const saved = readFile(dir) as Record<string, unknown>
    expect(Object.hasOwn(saved, '__proto__')).toBe(true)
    Reflect.deleteProperty(saved, '__proto__')
    expect(saved).toEqual({ ...file, risk: { ...file.risk, maxOrderVolume: 10 } })
  })
})

describe('changing settings', () => {
  let harness: Harness
  afterEach(() => harness.close())

  async function desk(options: Parameters<typeof createHarness>[0] = {}): Promise<TestWindow> {
    harness = createHarness(options)
    await harness.settle()
    const window = new TestWindow(harness.desk)
    await window.invoke('market:subscribe', { vtSymbols: [RB] })
    await harness.run(300)
    return window
  }

  it('applies a risk limit at once, saves it, and logs what changed and from which session', async () => {
    const dir = dataDir()
    const window = await desk({ dataDir: dir })
    const reply = await window.invoke('settings:change', { changes: { 'risk.maxOrderVolume': 1 } })
    expect(reply).toMatchObject({
      ok: true,
      value: { values: { 'risk.maxOrderVolume': 1 }, sources: { 'risk.maxOrderVolume': 'file' }, saved: true },
    })
    expect(readFile(dir)).toEqual({ risk: { maxOrderVolume: 1 } })
    const sent = await window.invoke('order:send', { ...crossingOrder(harness.desk, RB), volume: 2 })
    await harness.settle()
    const order = harness.desk.core.getOrder((sent as { value: { vtOrderId: string } }).value.vtOrderId)
    expect(order).toMatchObject({ status: 'REJECTED', rejectReason: 'volume 2 exceeds the order volume cap 1' })
    expect(harness.desk.core.getAllLogs()).toContainEqual(
      expect.objectContaining({
        source: 'settings',
        message: `Settings changed by ${window.session.label}: risk.maxOrderVolume 0 → 1`,
      }),
    )
    expect(await window.invoke('settings:get', {})).toEqual({ ok: true, value: harness.desk.settings.view() })

    // The next start reads it back.
    expect(new DeskSettings({ dataDir: dir }).current()['risk.maxOrderVolume']).toBe(1)
  })

  it('applies a session limit to live sessions at once', async () => {
    const window = await desk()
    const other = new TestWindow(harness.desk)
    expect((await other.invoke('settings:change', { changes: { 'session.ordersPerSecond': 1 } })).ok).toBe(true)
    const resting = { ...crossingOrder(harness.desk, RB), price: harness.desk.core.getTick(RB)!.bidPrice1 - 50 }
    expect((await window.invoke('order:send', resting)).ok).toBe(true)
    expect(await window.invoke('order:send', resting)).toMatchObject({
      ok: false,
      error: { code: 'RESOURCE_EXHAUSTED', message: expect.stringContaining('1 orders a second') },
    })
    // In memory without a data folder, and said so.
    expect(harness.desk.settings.view()).toMatchObject({
      saved: false,
      sources: { 'session.ordersPerSecond': 'change' },
    })
  })

  it('refuses to change a setting fixed on the command line, and changes nothing', async () => {
    const dir = dataDir()
    const window = await desk({ dataDir: dir, settings: { 'risk.maxOrderValue': 5e6 } })
    const before = harness.desk.settings.view()
    expect(
      await window.invoke('settings:change', { changes: { 'risk.maxOrderVolume': 3, 'risk.maxOrderValue': 1e6 } }),
    ).toEqual({
      ok: false,
      error: {
        code: 'FAILED_PRECONDITION',
        message: expect.stringContaining('--max-order-value'),
        field: 'changes.risk.maxOrderValue',
        // The window shows it in the user's language from the code.
        detail: {
          code: 'settings.pinnedByFlag',
          params: { setting: 'risk.maxOrderValue', flag: 'max-order-value' },
        },
      },
    })
    expect(harness.desk.settings.view()).toEqual(before)
    expect(readdirSync(dir)).not.toContain('settings.json')
  })

  it('refuses invalid changes with INVALID_ARGUMENT and the field', async () => {
    const window = await desk()
    const invalid = async (changes: unknown, field: string | undefined, message: RegExp): Promise<void> => {
      const reply = await harness.desk.bridge.handle(window.session, 'settings:change', { changes })
      expect(reply, JSON.stringify(changes)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message } })
      expect((reply as { error: { field?: string } }).error.field).toBe(field)
    }
    await invalid({ 'risk.maxOrderValue': -1 }, 'changes.risk.maxOrderValue', /at least 0/)
    await invalid({ 'risk.maxActiveOrders': 2.5 }, 'changes.risk.maxActiveOrders', /whole number/)
    await invalid({ 'risk.active': 'off' }, 'changes.risk.active', /true or false/)
    await invalid({ maxOrderValue: 1 }, 'changes.maxOrderValue', /not a field/)
    await invalid({}, 'changes', /at least one setting/)
    expect(harness.desk.settings.current()).toEqual(DEFAULT_SETTINGS)
  })

  it('changes nothing when settings.json cannot be written', async () => {
    const dir = dataDir()
    const window = await desk({ dataDir: dir })
    rmSync(dir, { recursive: true })
    writeFileSync(dir, 'a file where the data folder was')
    expect(await window.invoke('settings:change', { changes: { 'risk.maxOrderVolume': 3 } })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: expect.stringMatching(/could not be saved, nothing changed/) },
    })
    expect(harness.desk.settings.current()).toEqual(DEFAULT_SETTINGS)
    rmSync(dir)
  })

  for (const change of [false, true])
    it(`reads cancel-on-quit when the desk closes (${change ? 'changed while it runs' : 'from the file'})`, async () => {
      const window = await desk({ dataDir: dataDir('{ "cancelOrdersOnQuit": false }') })
      const resting = { ...crossingOrder(harness.desk, RB), price: harness.desk.core.getTick(RB)!.bidPrice1 - 50 }
      const sent = (await window.invoke('order:send', resting)) as { value: { vtOrderId: string } }
      await harness.run(100)
      if (change)
        expect((await window.invoke('settings:change', { changes: { cancelOrdersOnQuit: true } })).ok).toBe(true)
      await harness.close()
      const atExchange = harness.desk.sim!.exchangeOrders().find((order) => order.vtOrderId === sent.value.vtOrderId)
      expect(atExchange?.status).toBe(change ? 'CANCELLED' : 'NOTTRADED')
    })
})

it('covers every setting in the defaults', () => {
  expect(Object.keys(DEFAULT_SETTINGS).sort()).toEqual([...SETTING_KEYS].sort())
  const kinds = SETTING_KEYS.map((key) => typeof (DEFAULT_SETTINGS as Settings)[key])
  expect(new Set(kinds)).toEqual(new Set(['boolean', 'number', 'string']))
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import type * as Electron from 'electron'
import { BrowserWindow, ipcMain } from '../mocks/electron'
import {
  asElectron,
  electronTestDriver as driver,
  PageGoneError,
  type FakeWebContents,
  type FakeWebFrameMain,
} from '../mocks/electron-test-driver'
import { ElectronAdapter } from '../../src/main/hosts/electron-adapter'
import { lockDownContents } from '../../src/main/hosts/electron-windows'
import { COMMAND_IPC_CHANNEL, PUSH_CHANNEL, type Batch, type Result } from '../../src/shared/contract'
import { createHarness, restingBuy, type Harness } from '../bridge/harness'

vi.mock('electron', () => import('../mocks/electron'))

const PAGE = 'app://eventdesk/index.html'
driver.ready()
const isOurUrl = (url: string): boolean => url.split('#')[0] === PAGE

let harness: Harness
let adapter: ElectronAdapter
afterEach(async () => {
  adapter.stop()
  for (const window of BrowserWindow.getAllWindows()) window.destroy()
  await driver.settle()
  await harness.close()
})

async function setUp(): Promise<{ open: () => Promise<BrowserWindow>; baseline: number }> {
  harness = createHarness()
  await harness.settle()
  harness.desk.core.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
  adapter = new ElectronAdapter(harness.desk.bridge, isOurUrl)
  adapter.start()
  const baseline = harness.desk.engine.handlerCount()
  const open = async (): Promise<BrowserWindow> => {
    const window = new BrowserWindow()
    // As the entry does for every webContents: no navigation the page starts.
    lockDownContents(asElectron<Electron.WebContents>(window.webContents))
    adapter.attach(asElectron<Electron.BrowserWindow>(window))
    await window.loadURL(PAGE)
    return window
  }
  return { open, baseline }
}

const invoke = (sender: FakeWebContents, channel: string, request: unknown, frame?: FakeWebFrameMain) =>
  driver.invoke(sender, COMMAND_IPC_CHANNEL, [channel, request], frame) as Promise<Result<unknown>>

const batchesOf = (contents: FakeWebContents): Batch[] =>
  driver.received(contents, PUSH_CHANNEL).map(({ args }) => args[0] as Batch)

/** Subscribes the window and lets its snapshot arrive. */
async function subscribe(window: BrowserWindow): Promise<void> {
  expect(await invoke(window.webContents, 'session:subscribe', {})).toEqual({ ok: true, value: null })
  await harness.run(50)
}

const refused = { ok: false, error: { code: 'UNAUTHENTICATED' } }

describe('ElectronAdapter', () => {
  it('registers one handler, replacing one left from before, and carries commands and batches', async () => {
    // A handler left by an earlier start (a dev reload): `handle` alone would throw on it.
    ipcMain.handle(COMMAND_IPC_CHANNEL, () => 'left from before')
    const { open } = await setUp()
    expect(ipcMain.channels).toEqual([COMMAND_IPC_CHANNEL])
    adapter.start() // a second start is a no-op, not a "second handler" error
    const window = await open()
    await subscribe(window)
    const batches = batchesOf(window.webContents)
    expect(batches[0]).toMatchObject({ seq: 1, snapshot: { contracts: expect.any(Array) } })
    expect(await invoke(window.webContents, 'session:ack', { seq: 1 })).toEqual({ ok: true, value: null })
    expect(await invoke(window.webContents, 'nope:nope', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    })
  })

  it('refuses senders that are not one of our windows, not the main frame, or not our page', async () => {
    const { open, baseline } = await setUp()
    const window = await open()
    const stranger = new BrowserWindow() // created by someone else, never attached
    await stranger.loadURL(PAGE)
    expect(await invoke(stranger.webContents, 'session:subscribe', {})).toMatchObject(refused)
    const subframe = driver.addSubframe(window.webContents, PAGE)
    expect(await invoke(window.webContents, 'session:subscribe', {}, subframe)).toMatchObject(refused)
    const elsewhere = await open()
    await elsewhere.loadURL('https://evil.example/')
    expect(await invoke(elsewhere.webContents, 'session:subscribe', {})).toMatchObject(refused)
    // Nothing ran for any of them: no session, no handler.
    expect(harness.desk.bridge.stats().sessions).toBe(0)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })

  it('refuses a message whose document has gone by the time it is handled (senderFrame is null)', async () => {
    const { open, baseline } = await setUp()
    const window = await open()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    window.webContents.reload() // its commit is posted before the message below
    await expect(invoke(window.webContents, 'session:subscribe', {})).rejects.toBeInstanceOf(PageGoneError)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('sender frame is gone'))
    expect(harness.desk.bridge.stats().sessions).toBe(0)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })

  it.each([
    ['the window closes', (w: BrowserWindow) => w.close()],
    ['the page closes itself', (w: BrowserWindow) => w.webContents.close()],
    ['the window is destroyed', (w: BrowserWindow) => w.destroy()],
    ['its renderer process is gone', (w: BrowserWindow) => driver.crash(w.webContents)],
    ['its main frame reloads', (w: BrowserWindow) => w.webContents.reload()],
    ['another page is loaded', (w: BrowserWindow) => void w.loadURL(PAGE)],
  ])('ends the session when %s, back to the baseline handler count', async (_, end) => {
    const { open, baseline } = await setUp()
    const window = await open()
    const contents = window.webContents
    await subscribe(window)
    expect(harness.desk.engine.handlerCount()).toBeGreaterThan(baseline)
    end(window)
    await driver.settle()
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
    expect(harness.desk.bridge.stats().sessions).toBe(0)
    const received = batchesOf(contents).length
    await harness.run(500) // ticks flow on; nothing goes to the ended session's page
    expect(batchesOf(contents).length).toBe(received)
  })

  it.each([
    ['the page tries to leave for another site', (c: FakeWebContents) => driver.navigate(c, 'https://evil.example/')],
    [
      'a load it started is redirected elsewhere',
      (c: FakeWebContents) => driver.navigate(c, PAGE, { fromApp: true, redirectTo: 'https://evil.example/' }),
    ],
    [
      'the page changes its fragment',
      (c: FakeWebContents) => driver.navigate(c, `${PAGE}#/orders`, { sameDocument: true }),
    ],
    ['an iframe navigates', (c: FakeWebContents) => driver.navigate(c, PAGE, { frame: driver.addSubframe(c, PAGE) })],
  ])('keeps the session when %s', async (_, navigate) => {
    const { open } = await setUp()
    const window = await open()
    await subscribe(window)
    await navigate(window.webContents)
    await driver.settle()
    expect(harness.desk.bridge.stats().sessions).toBe(1)
    const received = batchesOf(window.webContents).length
    await harness.run(200)
    expect(batchesOf(window.webContents).length).toBeGreaterThan(received)
  })

  it('gives a reloaded page a new session with a fresh snapshot', async () => {
    const { open } = await setUp()
    const window = await open()
    await subscribe(window)
    window.webContents.reload()
    await driver.settle()
    await subscribe(window)
    const snapshots = batchesOf(window.webContents).filter((b) => b.snapshot !== undefined)
    expect(snapshots.map((b) => b.seq)).toEqual([1, 1])
    expect(harness.desk.bridge.stats().sessions).toBe(1)
  })

  it('keeps several windows apart and ends each with its own window', async () => {
    const { open, baseline } = await setUp()
    const a = await open()
    const b = await open()
    await subscribe(a)
    await subscribe(b)
    expect(harness.desk.bridge.stats().sessions).toBe(2)
    const withBoth = harness.desk.engine.handlerCount()
    a.close()
    await driver.settle()
    expect(harness.desk.bridge.stats().sessions).toBe(1)
    expect(harness.desk.engine.handlerCount()).toBe(baseline + (withBoth - baseline) / 2)
    const sentToB = batchesOf(b.webContents).length
    await harness.run(200)
    expect(batchesOf(b.webContents).length).toBeGreaterThan(sentToB)
    expect(adapter.windowCount).toBe(1)
    b.close()
    await driver.settle()
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })

  it("names each window's session by its window in the log of a settings change it makes", async () => {
    const { open } = await setUp()
    const window = await open()
    expect(
      await invoke(window.webContents, 'settings:change', { changes: { 'risk.maxOrderVolume': 4 } }),
    ).toMatchObject({ ok: true })
    await harness.settle()
    expect(harness.desk.core.getAllLogs().map((log) => log.message)).toContain(
      `Settings changed by window ${window.webContents.id}: risk.maxOrderVolume 0 → 4`,
    )
  })

  it('stop() removes the handler and ends every session', async () => {
    const { open, baseline } = await setUp()
    await subscribe(await open())
    adapter.stop()
    expect(ipcMain.channels).toEqual([])
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })
})

/** A resting buy, once the market has ticked. */
async function restingBuyWhenTicking(harness: Harness): Promise<ReturnType<typeof restingBuy>> {
  while (harness.desk.core.getTick('rb2701.SHFE') === undefined) await harness.run(100)
  return restingBuy(harness.desk, 'rb2701.SHFE')
}

describe('ElectronAdapter while a window closes', () => {
  it('runs a command sent just before the close once, then ends the session it opened', async () => {
    const { open, baseline } = await setUp()
    const window = await open()
    const contents = window.webContents
    const reply = invoke(contents, 'order:send', await restingBuyWhenTicking(harness)) // on its way when the user closes
    window.close()
    expect(await reply).toMatchObject({ ok: true })
    await driver.settle()
    expect(harness.desk.core.getAllActiveOrders()).toHaveLength(1)
    expect(harness.desk.bridge.stats().sessions).toBe(0)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })

  it('never handles a command that arrives after its page was destroyed', async () => {
    const { open, baseline } = await setUp()
    const window = await open()
    const contents = window.webContents
    const order = await restingBuyWhenTicking(harness)
    window.close()
    await expect(invoke(contents, 'order:send', order)).rejects.toBeInstanceOf(PageGoneError)
    expect(harness.desk.core.getAllActiveOrders()).toHaveLength(0)
    expect(harness.desk.bridge.stats().sessions).toBe(0)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })

  it('ends a session subscribed as the window closes, before its first batch', async () => {
    const { open, baseline } = await setUp()
    const window = await open()
    const contents = window.webContents
    const subscribed = invoke(contents, 'session:subscribe', {})
    window.close()
    expect(await subscribed).toEqual({ ok: true, value: null })
    await driver.settle()
    await harness.run(200)
    expect(batchesOf(contents)).toEqual([])
    expect(harness.desk.bridge.stats().sessions).toBe(0)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })

  it.each([
    ['closed', (w: BrowserWindow) => w.close()],
    ['destroyed', (w: BrowserWindow) => w.destroy()],
  ])('drops a batch that falls due as the window is %s, and logs no failed send', async (_, end) => {
    const { open, baseline } = await setUp()
    const window = await open()
    const contents = window.webContents
    await subscribe(window)
    await invoke(contents, 'session:ack', { seq: batchesOf(contents).at(-1)!.seq })
    harness.desk.core.writeLog('due')
    await harness.desk.engine.idle() // the log waits in the session's outbox for its flush
    const failedSends = vi.spyOn(console, 'error')
    end(window)
    await harness.run(100) // flushes run while the page closes, and after it has gone
    await driver.settle()
    expect(failedSends).not.toHaveBeenCalled()
    expect(contents.isDestroyed()).toBe(true)
    expect(harness.desk.bridge.stats().sessions).toBe(0)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { BrowserWindow, ipcMain, MockWebFrameMain, type MockWebContents } from '../mocks/electron'
import { ElectronAdapter } from '../../src/main/hosts/electron-adapter'
import { COMMAND_IPC_CHANNEL, PUSH_CHANNEL, type Batch } from '../../src/shared/contract'
import { createHarness, type Harness } from '../bridge/harness'

vi.mock('electron', () => import('../mocks/electron'))

const PAGE = 'file:///app/out/renderer/index.html'
const isOurUrl = (url: string): boolean => url.split('#')[0] === PAGE

let harness: Harness
let adapter: ElectronAdapter
afterEach(async () => {
  adapter.stop()
  await harness.close()
})

async function setUp(): Promise<{ open: () => BrowserWindow; baseline: number }> {
  harness = createHarness()
  await harness.settle()
  harness.desk.core.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
  adapter = new ElectronAdapter(harness.desk.bridge, isOurUrl)
  adapter.start()
  const baseline = harness.desk.engine.handlerCount()
  const open = (): BrowserWindow => {
    const window = new BrowserWindow()
    adapter.attach(window as never)
    void window.loadURL(PAGE)
    return window
  }
  return { open, baseline }
}

const invoke = (sender: MockWebContents, channel: string, request: unknown, frame?: MockWebFrameMain | null) =>
  ipcMain.invoke(sender, COMMAND_IPC_CHANNEL, [channel, request], frame) as Promise<{
    ok: boolean
    error?: { code: string }
  }>

const batchesOf = (contents: MockWebContents): Batch[] =>
  contents.sent.filter(([channel]) => channel === PUSH_CHANNEL).map(([, batch]) => batch as Batch)

/** Subscribes the window and lets its snapshot arrive. */
async function subscribe(window: BrowserWindow): Promise<void> {
  expect(await invoke(window.webContents, 'session:subscribe', {})).toEqual({ ok: true, value: null })
  await harness.run(50)
}

describe('ElectronAdapter', () => {
  it('registers one handler, removing any left from before, and carries commands and batches', async () => {
    const { open } = await setUp()
    expect([...ipcMain.handlers.keys()]).toEqual([COMMAND_IPC_CHANNEL])
    adapter.start() // a second start is a no-op, not a "second handler" error
    const window = open()
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
    const window = open()
    const stranger = new BrowserWindow() // created by someone else, never attached
    void stranger.loadURL(PAGE)
    expect(await invoke(stranger.webContents, 'session:subscribe', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    const subframe = new MockWebFrameMain(PAGE, window.webContents.mainFrame)
    expect(await invoke(window.webContents, 'session:subscribe', {}, subframe)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    expect(await invoke(window.webContents, 'session:subscribe', {}, null)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    window.webContents.mainFrame.url = 'https://evil.example/'
    expect(await invoke(window.webContents, 'session:subscribe', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    // Nothing ran for any of them: no session, no handler.
    expect(harness.desk.bridge.sessionCount).toBe(0)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })

  it.each([
    ['the window closes', (w: BrowserWindow) => w.close()],
    ['its webContents is destroyed', (w: BrowserWindow) => w.webContents.destroy()],
    ['its renderer process is gone', (w: BrowserWindow) => w.webContents.crash()],
    ['its main frame reloads', (w: BrowserWindow) => w.webContents.reload()],
    ['its main frame navigates', (w: BrowserWindow) => void w.webContents.navigate(PAGE)],
  ])('ends the session when %s, back to the baseline handler count', async (_, end) => {
    const { open, baseline } = await setUp()
    const window = open()
    await subscribe(window)
    expect(harness.desk.engine.handlerCount()).toBeGreaterThan(baseline)
    end(window)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
    expect(harness.desk.bridge.sessionCount).toBe(0)
    const sent = window.webContents.sent.length
    await harness.run(500) // ticks flow on; nothing goes to the ended session's page
    expect(window.webContents.sent.length).toBe(sent)
  })

  it('gives a reloaded page a new session with a fresh snapshot', async () => {
    const { open } = await setUp()
    const window = open()
    await subscribe(window)
    window.webContents.reload()
    await subscribe(window)
    const snapshots = batchesOf(window.webContents).filter((b) => b.snapshot !== undefined)
    expect(snapshots.map((b) => b.seq)).toEqual([1, 1])
    expect(harness.desk.bridge.sessionCount).toBe(1)
  })

  it('never sends to a destroyed webContents, even with a batch already due', async () => {
    const { open } = await setUp()
    const window = open()
    await subscribe(window)
    await invoke(window.webContents, 'session:ack', { seq: batchesOf(window.webContents).at(-1)!.seq })
    harness.desk.core.writeLog('due')
    await harness.desk.engine.idle() // the log is queued in the outbox, its flush not yet run
    // Destroyed without the events reaching us first (the mock throws "Object has been destroyed" on send).
    window.webContents.removeAllListeners('destroyed')
    window.webContents.destroy()
    const send = vi.spyOn(window.webContents, 'send')
    await harness.run(100)
    expect(send).not.toHaveBeenCalled()
  })

  it('keeps several windows apart and ends each with its own window', async () => {
    const { open, baseline } = await setUp()
    const a = open()
    const b = open()
    await subscribe(a)
    await subscribe(b)
    expect(harness.desk.bridge.sessionCount).toBe(2)
    const withBoth = harness.desk.engine.handlerCount()
    a.close()
    expect(harness.desk.bridge.sessionCount).toBe(1)
    expect(harness.desk.engine.handlerCount()).toBe(baseline + (withBoth - baseline) / 2)
    const sentToB = b.webContents.sent.length
    await harness.run(200)
    expect(b.webContents.sent.length).toBeGreaterThan(sentToB)
    expect(adapter.windowCount).toBe(1)
    b.close()
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })

  it('stop() removes the handler and ends every session', async () => {
    const { open, baseline } = await setUp()
    await subscribe(open())
    adapter.stop()
    expect(ipcMain.handlers.size).toBe(0)
    expect(harness.desk.engine.handlerCount()).toBe(baseline)
  })
})

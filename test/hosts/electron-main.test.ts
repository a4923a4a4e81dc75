/**
 * The composition root (src/main/index.ts) as Electron runs it, against the
 * Electron stand-in, with the real trading desk behind it. The tests run in
 * order through one life of the app: start, windows, a refused quit, a quit.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { app, BrowserWindow, ipcMain } from '../mocks/electron'
import { electronTestDriver as driver, type FakeWebContents } from '../mocks/electron-test-driver'
import { CONTENT_SECURITY_POLICY } from '../../src/main/hosts/content-security-policy'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { COMMAND_IPC_CHANNEL, PUSH_CHANNEL, type Result } from '../../src/shared/contract'
import { restingBuy } from '../bridge/harness'

vi.mock('electron', () => import('../mocks/electron'))
vi.mock('../../src/main/hosts/trading-desk', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/main/hosts/trading-desk')>()
  return { ...original, createTradingDesk: vi.fn(original.createTradingDesk) }
})

const PAGE = 'app://eventdesk/index.html'

const invoke = (contents: FakeWebContents, channel: string, request: unknown) =>
  driver.invoke(contents, COMMAND_IPC_CHANNEL, [channel, request]) as Promise<Result<unknown>>

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

let desk: TradingDesk
let deskOptions: Parameters<typeof createTradingDesk>[0]
let first: BrowserWindow

describe('the Electron entry', () => {
  it('registers app:// before ready and serves only the renderer folder through it, with the page policy', async () => {
    await import('../../src/main/index')
    expect(driver.windows()).toHaveLength(0) // nothing before ready
    expect(driver.privilegedSchemes()).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    driver.ready()
    await until(() => driver.windows().length === 1)
    desk = vi.mocked(createTradingDesk).mock.results[0].value
    deskOptions = vi.mocked(createTradingDesk).mock.calls[0][0]
    ;[first] = driver.windows()
    await until(() => first.webContents.getURL() === PAGE)

    // Outside the tests the folder is out/renderer; here it is src/renderer, which has an index.html too.
    const page = await driver.fetch(PAGE)
    expect(page.status).toBe(200)
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await page.text()).toContain('<div id="app"></div>')
    expect((await driver.fetch('app://eventdesk/..%2Fmain%2Findex.ts')).status).toBe(404)
    expect((await driver.fetch('app://elsewhere/index.html')).status).toBe(404)
  })

  it('opens locked-down windows, serves them over IPC, and ends sessions with windows', async () => {
    // The journal lives in the user's data folder (the demo instance is saved in it on first launch).
    const userData = app.getPath('userData')
    expect(deskOptions).toMatchObject({
      dataDir: userData,
      strategyEngine: { strategyDirs: [join(userData, 'strategies')] },
    })
    // Settings (cancel-on-quit among them) come from settings.json in the same folder, saved there on change.
    expect(desk.settings.current().cancelOrdersOnQuit).toBe(true)
    expect(desk.settings.view().saved).toBe(true)
    expect(existsSync(join(userData, 'journal.sqlite'))).toBe(true)

    // Window settings (Electron's security checklist); DevTools, as the app is not packaged here.
    const contents = first.webContents
    expect(driver.webPreferences(contents)).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: true,
      preload: expect.stringMatching(/preload[/\\]index\.js$/),
    })

    // No navigation the page starts, in any frame, no redirect, no window.open, no permissions, a strict CSP.
    expect(driver.windowOpen(contents, 'https://evil.example/')).toEqual({ action: 'deny' })
    expect(await driver.navigate(contents, 'https://evil.example/')).toBe('refused')
    expect(await driver.navigate(contents, PAGE, { frame: driver.addSubframe(contents, 'about:blank') })).toBe(
      'refused',
    )
    expect(await driver.navigate(contents, PAGE, { fromApp: true, redirectTo: 'https://evil.example/' })).toBe(
      'refused',
    )
    expect(contents.getURL()).toBe(PAGE)
    expect(await driver.requestPermission(contents, 'media')).toBe(false)
    expect(driver.checkPermission(contents, 'notifications')).toBe(false)
    const headers = await driver.responseHeaders(PAGE, {})
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])

    // One handler for every window, registered at ready.
    expect(ipcMain.channels).toEqual([COMMAND_IPC_CHANNEL])
    const baseline = desk.engine.handlerCount()
    expect(await invoke(contents, 'session:subscribe', {})).toEqual({ ok: true, value: null })
    await until(() => driver.received(contents, PUSH_CHANNEL).length > 0)

    // The menu item (and its shortcut) opens another window, as locked down as the first.
    expect(driver.menuItem('New Window')?.accelerator).toBe('CmdOrCtrl+Shift+N')
    driver.clickMenuItem('New Window')
    expect(BrowserWindow.getAllWindows()).toHaveLength(2)
    const second = driver.windows()[1]
    await until(() => second.webContents.getURL() === PAGE)
    expect(driver.webPreferences(second.webContents)).toEqual(driver.webPreferences(contents))
    expect(driver.windowOpen(second.webContents, 'https://evil.example/')).toEqual({ action: 'deny' })
    expect(await invoke(second.webContents, 'session:subscribe', {})).toEqual({ ok: true, value: null })
    expect(desk.bridge.stats().sessions).toBe(2)

    // Closing a window releases its session's handlers.
    const withBoth = desk.engine.handlerCount()
    second.close()
    await driver.settle()
    expect(desk.bridge.stats().sessions).toBe(1)
    expect(desk.engine.handlerCount()).toBe(withBoth - (withBoth - baseline) / 2)
  })

  it('brings its window back to the front when the app is launched again, instead of a second desk', async () => {
    const handlers = desk.engine.handlerCount()
    first.minimize()
    expect(driver.launchAgain(['eventdesk', '--whatever'])).toBe(true)
    await driver.settle()
    expect(first.isMinimized()).toBe(false)
    expect(first.isFocused()).toBe(true)
    expect(BrowserWindow.getAllWindows()).toEqual([first])
    expect(desk.engine.handlerCount()).toBe(handlers)
  })

  it('keeps the desk running when a window refuses to close and so cancels the quit', async () => {
    first.once('close', (event) => event.preventDefault())
    app.quit()
    await driver.settle()
    await desk.engine.idle()
    expect(driver.hasQuit()).toBe(false)
    expect(BrowserWindow.getAllWindows()).toEqual([first])
    expect(desk.engine.isActive).toBe(true)
    expect(desk.bridge.stats().sessions).toBe(1)
    expect(await invoke(first.webContents, 'stats:get', {})).toMatchObject({ ok: true })
  })

  it('quits when the last window closes, once the core has closed cleanly', async () => {
    // A resting order, so quitting has something to cancel.
    desk.core.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
    await until(() => desk.core.getTick('rb2701.SHFE') !== undefined)
    const reply = (await invoke(first.webContents, 'order:send', restingBuy(desk, 'rb2701.SHFE'))) as {
      ok: true
      value: { vtOrderId: string }
    }
    await until(() => desk.core.getOrder(reply.value.vtOrderId)?.status === 'NOTTRADED')

    // Closing the last window quits (not on macOS); `quit` comes only after the core has closed.
    let statusAtQuit: string | undefined
    app.once('quit', () => (statusAtQuit = desk.core.getOrder(reply.value.vtOrderId)?.status))
    first.close()
    await until(() => driver.hasQuit())
    expect(statusAtQuit).toBe('CANCELLED')
    expect(desk.engine.isActive).toBe(false)
    expect(desk.core.getAllGatewayStatuses()[0].state).toBe('disconnected')
    expect(ipcMain.channels).toEqual([])
    expect(desk.bridge.stats().sessions).toBe(0)
  })
})

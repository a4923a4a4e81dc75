/**
 * The composition root (src/main/index.ts) as Electron runs it, against the
 * electron stand-in, with the real trading desk behind it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { app, BrowserWindow, ipcMain, Menu, session, type MockWebContents } from '../mocks/electron'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { COMMAND_IPC_CHANNEL, PUSH_CHANNEL } from '../../src/shared/contract'

vi.mock('electron', () => import('../mocks/electron'))
vi.mock('../../src/main/hosts/trading-desk', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/main/hosts/trading-desk')>()
  return { ...original, createTradingDesk: vi.fn(original.createTradingDesk) }
})

const invoke = (contents: MockWebContents, channel: string, request: unknown) =>
  ipcMain.invoke(contents, COMMAND_IPC_CHANNEL, [channel, request]) as Promise<{ ok: boolean }>

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('the Electron entry', () => {
  it('opens locked-down windows, serves them over IPC, ends sessions with windows, and quits cleanly', async () => {
    await import('../../src/main/index')
    expect(BrowserWindow.windows).toHaveLength(0) // nothing before ready
    app.setReady()
    await until(() => BrowserWindow.windows.length === 1)
    const desk: TradingDesk = vi.mocked(createTradingDesk).mock.results[0].value
    const [first] = BrowserWindow.windows

    // The journal lives in the user's data folder (the demo instance is saved in it on first launch).
    const userData = app.getPath('userData')
    expect(vi.mocked(createTradingDesk).mock.calls[0][0]).toMatchObject({
      dataDir: userData,
      strategyEngine: { strategyDirs: [join(userData, 'strategies')] },
      cancelOrdersOnClose: true,
    })
    expect(existsSync(join(userData, 'journal.sqlite'))).toBe(true)

    // Window settings (Electron's security checklist).
    expect(first.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: expect.stringMatching(/preload[/\\]index\.js$/),
    })
    expect(first.webContents.getURL()).toMatch(/^file:\/\/.*renderer\/index\.html$/)

    // No navigation away, no window.open, no permissions, a strict CSP on responses.
    expect(first.webContents.openWindow('https://evil.example/')).toEqual({ action: 'deny' })
    expect(first.webContents.navigate('https://evil.example/')).toBe(false)
    const granted = vi.fn()
    session.defaultSession.permissionRequestHandler!(
      first.webContents as never,
      'media' as never,
      granted as never,
      {} as never,
    )
    expect(granted).toHaveBeenCalledWith(false)
    expect(session.defaultSession.permissionCheckHandler!()).toBe(false)
    const headers = vi.fn()
    session.defaultSession.headersReceived!({ responseHeaders: {} } as never, headers as never)
    expect(headers.mock.calls[0][0].responseHeaders['Content-Security-Policy'][0]).toContain("script-src 'self'")

    // One handler for every window, registered at ready.
    expect([...ipcMain.handlers.keys()]).toEqual([COMMAND_IPC_CHANNEL])
    const baseline = desk.engine.handlerCount()
    expect(await invoke(first.webContents, 'session:subscribe', {})).toEqual({ ok: true, value: null })
    await until(() => first.webContents.sent.some(([channel]) => channel === PUSH_CHANNEL))

    // The menu item (and its shortcut) opens another window, as locked down as the first.
    const item = Menu.getApplicationMenu()!.find('New Window')!
    expect(item.accelerator).toBe('CmdOrCtrl+Shift+N')
    item.click!()
    expect(BrowserWindow.getAllWindows()).toHaveLength(2)
    const second = BrowserWindow.windows[1]
    expect(second.options.webPreferences).toEqual(first.options.webPreferences)
    expect(second.webContents.openWindow('https://evil.example/')).toEqual({ action: 'deny' })
    expect(await invoke(second.webContents, 'session:subscribe', {})).toEqual({ ok: true, value: null })
    expect(desk.bridge.sessionCount).toBe(2)

    // Closing a window releases its session's handlers.
    const withBoth = desk.engine.handlerCount()
    second.close()
    expect(desk.bridge.sessionCount).toBe(1)
    expect(desk.engine.handlerCount()).toBe(withBoth - (withBoth - baseline) / 2)

    // A resting order, so quitting has something to cancel.
    await desk.engine.idle()
    desk.core.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
    await until(() => desk.core.getTick('rb2701.SHFE') !== undefined)
    const tick = desk.core.getTick('rb2701.SHFE')!
    const reply = (await invoke(first.webContents, 'order:send', {
      vtSymbol: 'rb2701.SHFE',
      direction: 'LONG',
      offset: 'OPEN',
      type: 'LIMIT',
      price: tick.bidPrice1 - 50,
      volume: 1,
    })) as { ok: true; value: { vtOrderId: string } }
    await until(() => desk.core.getOrder(reply.value.vtOrderId)?.status === 'NOTTRADED')

    // Closing the last window quits (not on macOS); quitting waits for the core to close.
    first.close()
    await until(() => app.quitting)
    expect(app.quitCount).toBe(2) // the first quit was held back until the core had closed
    expect(desk.core.getOrder(reply.value.vtOrderId)?.status).toBe('CANCELLED')
    expect(desk.engine.isActive).toBe(false)
    expect(desk.core.getAllGatewayStatuses()[0].state).toBe('disconnected')
    expect(ipcMain.handlers.size).toBe(0)
    expect(desk.bridge.sessionCount).toBe(0)
  })
})

/**
 * The Electron stand-in keeps the behaviours its comments cite from Electron's
 * docs and source; nothing here can check them against the binary, so these
 * tests at least keep the stand-in from drifting from what it claims.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { app, BrowserWindow, ipcMain, protocol } from '../mocks/electron'
import { electronTestDriver as driver, PageGoneError, type FakeWebContents } from '../mocks/electron-test-driver'

vi.mock('electron', () => import('../mocks/electron'))

const PAGE = 'app://eventdesk/index.html'

afterEach(async () => {
  for (const window of BrowserWindow.getAllWindows()) window.destroy()
  await driver.settle()
  app.removeAllListeners()
  ipcMain.removeHandler('ping')
})

/** A page-started navigation that is redirected, in the order Electron's spec asserts (spec/api-browser-window-spec.ts, "ordering"). */
const REDIRECTED_NAVIGATION = [
  'did-start-navigation',
  'will-frame-navigate',
  'will-navigate',
  'will-redirect',
  'did-redirect-navigation',
  'did-frame-navigate',
  'did-navigate',
  'did-finish-load',
]

/** Records the events that matter here, in order, from a window and its page. */
function record(window: BrowserWindow): string[] {
  const seen: string[] = []
  const contents = window.webContents
  window.on('close', () => seen.push('close'))
  window.on('closed', () => {
    seen.push('closed')
    expect(() => window.webContents).toThrow('Object has been destroyed')
  })
  contents.on('destroyed', () => {
    seen.push('destroyed')
    expect(contents.isDestroyed()).toBe(true)
  })
  for (const name of [...REDIRECTED_NAVIGATION, 'did-navigate-in-page']) {
    contents.on(name, () => seen.push(name))
  }
  return seen
}

async function openWindow(): Promise<BrowserWindow> {
  const window = new BrowserWindow()
  await window.loadURL(PAGE)
  return window
}

describe('the Electron stand-in', () => {
  it('refuses what Electron refuses before ready, and privileged schemes after', () => {
    expect(() => new BrowserWindow()).toThrow('Cannot create BrowserWindow before app is ready')
    expect(() => protocol.handle('app', () => new Response(''))).toThrow('Session can only be received')
    driver.ready()
    expect(() => protocol.registerSchemesAsPrivileged([{ scheme: 'late' }])).toThrow('before app is ready')
  })

  it('closes a window as Electron does: `close` now, later the page destroyed, then `closed`', async () => {
    const window = await openWindow()
    const contents = window.webContents
    const seen = record(window)
    window.close()
    expect(seen).toEqual(['close'])
    expect(contents.isDestroyed()).toBe(false)
    await driver.settle()
    expect(seen).toEqual(['close', 'destroyed', 'closed'])
    expect(() => contents.send('late')).toThrow('Object has been destroyed')
    expect(() => contents.mainFrame).toThrow('Object has been destroyed')
    expect(contents.id).toBeGreaterThan(0) // read at construction, so still readable
    expect(BrowserWindow.getAllWindows()).not.toContain(window)
  })

  it('destroy() skips `close` and emits `closed` at once; the page goes later', async () => {
    const window = await openWindow()
    const contents = window.webContents
    const seen = record(window)
    window.destroy()
    expect(seen).toEqual(['closed'])
    await driver.settle()
    expect(seen).toEqual(['closed', 'destroyed'])
    expect(contents.isDestroyed()).toBe(true)
  })

  it('a refused close keeps the window, and cancels a quit while the other windows still close', async () => {
    const stubborn = await openWindow()
    const other = await openWindow()
    stubborn.once('close', (event) => event.preventDefault())
    const quitting: string[] = []
    for (const name of ['before-quit', 'will-quit', 'quit', 'window-all-closed'])
      app.on(name, () => quitting.push(name))
    app.quit()
    await driver.settle()
    expect(quitting).toEqual(['before-quit'])
    expect(stubborn.isDestroyed()).toBe(false)
    expect(other.isDestroyed()).toBe(true)
    expect(driver.hasQuit()).toBe(false)
    stubborn.close() // no quit under way: the last window's close is `window-all-closed`
    await driver.settle()
    expect(quitting).toEqual(['before-quit', 'window-all-closed'])
  })

  it('orders a page-started navigation as Electron does, with the event object carrying url, isMainFrame and frame', async () => {
    const window = await openWindow()
    const contents = window.webContents
    const seen = record(window)
    const willNavigate = vi.fn()
    contents.on('will-navigate', willNavigate)
    expect(await driver.navigate(contents, 'https://example.com/')).toBe('committed')
    expect(seen).toEqual([
      'did-start-navigation',
      'will-frame-navigate',
      'will-navigate',
      'did-frame-navigate',
      'did-navigate',
      'did-finish-load',
    ])
    const [event, url] = willNavigate.mock.calls[0]
    expect(event).toMatchObject({ url: 'https://example.com/', isMainFrame: true, isSameDocument: false })
    expect(event.frame).toBe(contents.mainFrame)
    expect(url).toBe('https://example.com/') // the deprecated positional argument, still passed
  })

  it('refuses a navigation at will-navigate, after did-start-navigation has already been emitted', async () => {
    const window = await openWindow()
    const seen = record(window)
    window.webContents.on('will-navigate', (event) => event.preventDefault())
    expect(await driver.navigate(window.webContents, 'https://evil.example/')).toBe('refused')
    await driver.settle()
    expect(seen).toEqual(['did-start-navigation', 'will-frame-navigate', 'will-navigate'])
    expect(window.webContents.getURL()).toBe(PAGE)
  })

  it('gives redirects, same-document and subframe navigations their own events', async () => {
    const window = await openWindow()
    const contents = window.webContents
    const seen = record(window)
    await driver.navigate(contents, 'https://example.com/a', { redirectTo: 'https://example.com/b' })
    expect(seen.splice(0)).toEqual(REDIRECTED_NAVIGATION)
    expect(contents.getURL()).toBe('https://example.com/b')
    await driver.navigate(contents, 'https://example.com/b#x', { sameDocument: true })
    expect(seen.splice(0)).toEqual(['did-start-navigation', 'did-navigate-in-page'])
    const frameStarts = vi.fn()
    contents.on('did-start-navigation', frameStarts)
    await driver.navigate(contents, 'https://example.com/frame', { frame: driver.addSubframe(contents, 'about:blank') })
    expect(seen).toEqual(['did-start-navigation', 'will-frame-navigate', 'did-frame-navigate'])
    expect(frameStarts.mock.calls[0][0]).toMatchObject({ isMainFrame: false, isSameDocument: false })
  })

  it('loadURL and reload are not page-started: no will-navigate, no will-frame-navigate', async () => {
    const window = await openWindow()
    const seen = record(window)
    window.webContents.reload()
    await driver.settle()
    expect(seen).toEqual(['did-start-navigation', 'did-frame-navigate', 'did-navigate', 'did-finish-load'])
  })

  it('handles invoke on a later task, and drops a reply to a page that has gone', async () => {
    const window = await openWindow()
    const contents: FakeWebContents = window.webContents
    let release = (): void => {}
    ipcMain.handle('ping', (_event, value: number) => new Promise((resolve) => (release = () => resolve(value + 1))))
    expect(() => ipcMain.handle('ping', () => 0)).toThrow("Attempted to register a second handler for 'ping'")
    const reply = driver.invoke(contents, 'ping', [1])
    await driver.settle()
    release()
    expect(await reply).toBe(2)
    const late = driver.invoke(contents, 'ping', [1])
    await driver.settle()
    window.close()
    await driver.settle()
    release()
    await expect(late).rejects.toBeInstanceOf(PageGoneError)
    await expect(driver.invoke(contents, 'ping', [1])).rejects.toBeInstanceOf(PageGoneError)
  })

  it('reports a missing handler to the page as ipcRenderer words it', async () => {
    const window = await openWindow()
    await expect(driver.invoke(window.webContents, 'nobody', [])).rejects.toThrow(
      "Error invoking remote method 'nobody': Error: No handler registered for 'nobody'",
    )
  })
})

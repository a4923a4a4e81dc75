/**
 * The one stand-in for the `electron` module. The Electron binary cannot run
 * here, so this is the only Electron our main-process code meets: where it
 * differs from Electron, tests pass that would fail in the app. So it keeps
 * Electron's order, signatures and asynchrony for what the app uses, each
 * behaviour citing the doc page or source file it follows (docs/… is
 * Electron's documentation, electron/… its repository). Tests act on it only
 * through electron-test-driver.ts. Use with
 * `vi.mock('electron', () => import('../mocks/electron'))`.
 */
import { EventEmitter } from 'node:events'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as Electron from 'electron'
import { FakeSession, FakeWebContents } from './electron-contents'
import { contextBridge, ipcMain, ipcRenderer } from './electron-ipc'
import { assertAlive, electronEvent, postTask } from './electron-runtime'

export { contextBridge, ipcMain, ipcRenderer }

const defaultSession = new FakeSession()
/** WindowList: windows not yet closed, in creation order. */
const openWindows: BrowserWindow[] = []
const createdWindows: BrowserWindow[] = []

class FakeApp
  extends EventEmitter
  implements
    Pick<Electron.App, 'isPackaged' | 'whenReady' | 'isReady' | 'quit' | 'getPath' | 'requestSingleInstanceLock'>
{
  private packaged = false
  private readyNow = false
  private readonly readyWaiters: (() => void)[] = []
  /** Browser::is_quitting_ in electron/shell/browser/browser.cc. */
  private quitting = false
  private shutDown = false
  private dataRoot: string | undefined
  /** Another instance of the app holds the single-instance lock (ProcessSingleton in electron/shell/browser/api/electron_api_app.cc). */
  private lockHeldElsewhere = false
  private holdsLock = false

  get isPackaged(): boolean {
    return this.packaged
  }

  whenReady(): Promise<void> {
    if (this.readyNow) return Promise.resolve()
    return new Promise((resolve) => this.readyWaiters.push(resolve))
  }

  isReady(): boolean {
    return this.readyNow
  }

  /**
   * electron/shell/browser/browser.cc Browser::Quit: ignored while a quit is under way; `before-quit`
   * (preventable); then every window is asked to close (WindowList::CloseAllWindows), and once the last
   * has gone, `will-quit` (preventable) and `quit`. A window that refuses to close cancels the quit
   * (Browser::OnWindowCloseCancelled) while the others still close (docs/api/app.md, `app.quit()`).
   */
  quit(): void {
    if (this.quitting || this.shutDown) return
    const event = electronEvent({})
    this.emit('before-quit', event)
    if (event.defaultPrevented) return
    this.quitting = true
    if (openWindows.length === 0) this.notifyAndShutdown()
    else for (const window of [...openWindows]) window.close()
  }

  /** docs/api/app.md: true for the first instance, which then hears `second-instance`; false for any later one. */
  requestSingleInstanceLock(): boolean {
    if (this.lockHeldElsewhere) return false
    this.holdsLock = true
    return true
  }

  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    if (name === 'temp') return tmpdir()
    // One fresh temporary folder per test file stands for the user's folders.
    this.dataRoot ??= mkdtempSync(join(tmpdir(), 'eventdesk-electron-'))
    const path = join(this.dataRoot, name)
    mkdirSync(path, { recursive: true })
    return path
  }

  // Stand-in wiring below.

  becomeReady(): void {
    if (this.readyNow) return
    this.readyNow = true
    this.emit('ready', electronEvent({}), {})
    for (const resolve of this.readyWaiters.splice(0)) resolve()
  }

  /** Another instance of the app is already running: this one's requestSingleInstanceLock() answers false. */
  holdLockElsewhere(): void {
    this.lockHeldElsewhere = true
  }

  /**
   * The user launches the app again: the second process hands its command line to this one, which emits
   * `second-instance` (after ready, as Electron queues it until then) and answers false itself.
   */
  launchAgain(argv: string[], workingDirectory: string): boolean {
    if (!this.holdsLock) return false
    void this.whenReady().then(() =>
      postTask(() => this.emit('second-instance', electronEvent({}), argv, workingDirectory, {})),
    )
    return true
  }

  setPackaged(packaged: boolean): void {
    this.packaged = packaged
  }

  get hasQuit(): boolean {
    return this.shutDown
  }

  windowCloseCancelled(): void {
    this.quitting = false
  }

  /** Browser::OnWindowAllClosed: a quit under way goes on to `will-quit`; otherwise `window-all-closed`. */
  lastWindowClosed(): void {
    if (this.quitting) this.notifyAndShutdown()
    else this.emit('window-all-closed', electronEvent({}))
  }

  private notifyAndShutdown(): void {
    const event = electronEvent({})
    this.emit('will-quit', event)
    if (event.defaultPrevented) {
      this.quitting = false
      return
    }
    this.shutDown = true
    this.emit('quit', electronEvent({}), 0)
  }
}

export const app = new FakeApp()

let nextWindowId = 1

/** docs/api/browser-window.md; close and destroy follow electron/shell/browser/api/electron_api_{base,browser}_window.cc. */
export class BrowserWindow
  extends EventEmitter
  implements
    Pick<
      Electron.BrowserWindow,
      | 'id'
      | 'close'
      | 'destroy'
      | 'isDestroyed'
      | 'loadURL'
      | 'isMinimized'
      | 'minimize'
      | 'restore'
      | 'focus'
      | 'isFocused'
    >
{
  /** Read once at construction, so it stays readable after the window closes (electron/lib/browser/api/browser-window.ts `_init`). */
  readonly id = nextWindowId++
  private readonly contents: FakeWebContents
  private destroyed = false
  private minimized = false
  private focused = false

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super()
    // electron/shell/browser/api/electron_api_browser_window.cc
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready')
    this.contents = new FakeWebContents(defaultSession, options.webPreferences ?? {})
    this.contents.onDestroyed = () => this.closeNow()
    openWindows.push(this)
    createdWindows.push(this)
    // Emitted as the webContents is set up, inside the window's constructor (web-contents.ts `_init`).
    app.emit('web-contents-created', electronEvent({ sender: this.contents }), this.contents)
  }

  static getAllWindows(): BrowserWindow[] {
    return [...openWindows]
  }

  /** Throws once the window is closed: Electron marks it destroyed before it emits `closed`. */
  get webContents(): FakeWebContents {
    assertAlive(this.destroyed)
    return this.contents
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  isMinimized(): boolean {
    assertAlive(this.destroyed)
    return this.minimized
  }

  minimize(): void {
    assertAlive(this.destroyed)
    this.minimized = true
    this.focused = false
  }

  restore(): void {
    assertAlive(this.destroyed)
    this.minimized = false
  }

  /** Focusing a minimised window does not restore it on every platform: callers restore first. */
  focus(): void {
    assertAlive(this.destroyed)
    for (const other of openWindows) other.focused = false
    this.focused = !this.minimized
  }

  isFocused(): boolean {
    return !this.destroyed && this.focused
  }

  /** browser-window.ts: the window's webContents loads it. */
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url)
  }

  /**
   * As the user's close button: `close` now (preventable: a refusal also cancels a quit under way), then
   * the page closes; its webContents is destroyed on a later task, and only then does the window emit
   * `closed` (NativeWindow::NotifyWindowCloseButtonClicked, BrowserWindow::OnCloseButtonClicked).
   */
  close(): void {
    assertAlive(this.destroyed)
    const event = electronEvent({})
    this.emit('close', event)
    if (event.defaultPrevented) {
      app.windowCloseCancelled()
      return
    }
    this.contents.closePage()
  }

  /** Force-close (docs: no `close` event, `closed` guaranteed): the window goes now, its webContents on a later task (~BrowserWindow). */
  destroy(): void {
    if (this.destroyed) return
    this.contents.onDestroyed = undefined
    this.closeNow()
    postTask(() => this.contents.destroyNow())
  }

  /** BaseWindow::OnWindowClosed: marked destroyed, `closed`, then out of the window list. */
  private closeNow(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.emit('closed', electronEvent({}))
    openWindows.splice(openWindows.indexOf(this), 1)
    if (openWindows.length === 0) app.lastWindowClosed()
  }
}

const privilegedSchemes: Electron.CustomScheme[] = []
const schemeHandlers = new Map<string, Parameters<Electron.Protocol['handle']>[1]>()

/** The default session's protocols (docs/api/protocol.md; electron/lib/browser/api/protocol.ts). */
export const protocol = {
  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    // electron/shell/browser/api/electron_api_protocol.cc
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready')
    privilegedSchemes.push(...customSchemes)
  },
  handle(scheme: string, handler: Parameters<Electron.Protocol['handle']>[1]): void {
    assertReadyForSession()
    if (schemeHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
    schemeHandlers.set(scheme, handler)
  },
} satisfies Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>

/** electron/shell/browser/api/electron_api_session.cc: no session before `ready`. */
function assertReadyForSession(): void {
  if (!app.isReady()) throw new TypeError('Session can only be received when app is ready')
}

export const session = {
  get defaultSession(): FakeSession {
    assertReadyForSession()
    return defaultSession
  },
}

let applicationMenu: Menu | null = null

export class Menu {
  private constructor(private readonly template: Electron.MenuItemConstructorOptions[]) {}

  static buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): Menu {
    return new Menu(template)
  }

  static setApplicationMenu(menu: Menu | null): void {
    applicationMenu = menu
  }

  static getApplicationMenu(): Menu | null {
    return applicationMenu
  }

  /** Stand-in wiring: the item with this label, anywhere in the menu. */
  find(label: string, items = this.template): Electron.MenuItemConstructorOptions | undefined {
    for (const item of items) {
      if (item.label === label) return item
      const found = Array.isArray(item.submenu) ? this.find(label, item.submenu) : undefined
      if (found !== undefined) return found
    }
    return undefined
  }
}

/** The stand-in's own state, for electron-test-driver.ts: not part of Electron's surface. */
export const standIn = { createdWindows, defaultSession, privilegedSchemes, schemeHandlers }

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
/**
 * The one stand-in for the `electron` module (Electron cannot launch here).
 * It reproduces only the surface EventDesk relies on, with Electron's own
 * behaviour where it matters: `ipcMain.handle` throws on a second handler,
 * `webContents.send` throws "Object has been destroyed" after destroy, a
 * window's close emits `closed` then destroys its webContents, a main-frame
 * reload emits `did-start-navigation`. Use with
 * `vi.mock('electron', () => import('../mocks/electron'))`.
 */
import { EventEmitter } from 'node:events'

type Listener = (...args: never[]) => unknown

/** An Electron `Event`: `preventDefault()` and `defaultPrevented`. */
export class MockEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

export class MockWebFrameMain {
  constructor(
    public url: string,
    public parent: MockWebFrameMain | null = null,
  ) {}
}

export class MockSession {
  permissionRequestHandler: Listener | null = null
  permissionCheckHandler: Listener | null = null
  headersReceived: Listener | null = null
  readonly webRequest = {
    onHeadersReceived: (listener: Listener | null): void => {
      this.headersReceived = listener
    },
  }
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.permissionCheckHandler = handler
  }
}

export const session = { defaultSession: new MockSession() }

let nextWebContentsId = 1

export class MockWebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  readonly session = session.defaultSession
  readonly mainFrame = new MockWebFrameMain('about:blank')
  /** Every `send` that went through: [channel, ...args]. */
  readonly sent: unknown[][] = []
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined
  private destroyed = false

  isDestroyed(): boolean {
    return this.destroyed
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed')
    // IPC copies with structured clone: a value that cannot be cloned throws here too.
    this.sent.push([channel, ...args.map((arg) => structuredClone(arg))])
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }

  getURL(): string {
    return this.mainFrame.url
  }

  /** The page called `window.open(url)`: what the handler decides. */
  openWindow(url: string): { action: 'allow' | 'deny' } {
    return this.windowOpenHandler?.({ url }) ?? { action: 'allow' }
  }

  /** The page tried to navigate: `will-navigate`, then the navigation unless prevented. Returns whether it went ahead. */
  navigate(url: string): boolean {
    const event = new MockEvent()
    this.emit('will-navigate', event, url)
    if (event.defaultPrevented) return false
    this.startNavigation(url)
    return true
  }

  reload(): void {
    this.startNavigation(this.mainFrame.url)
  }

  /** The renderer process crashed or was killed. */
  crash(reason = 'crashed'): void {
    this.emit('render-process-gone', new MockEvent(), { reason, exitCode: 1 })
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.emit('destroyed')
  }

  /** Finishes loading `url` (what loadURL/loadFile do). */
  load(url: string): void {
    this.startNavigation(url)
    this.emit('did-finish-load')
  }

  private startNavigation(url: string): void {
    const details = Object.assign(new MockEvent(), {
      url,
      isSameDocument: false,
      isMainFrame: true,
      frame: this.mainFrame,
    })
    this.emit('did-start-navigation', details)
    this.mainFrame.url = url
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly windows: BrowserWindow[] = []
  readonly webContents = new MockWebContents()
  readonly id = this.webContents.id
  private destroyed = false

  constructor(readonly options: Record<string, unknown> = {}) {
    super()
    BrowserWindow.windows.push(this)
    app.emit('web-contents-created', new MockEvent(), this.webContents)
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.windows.filter((w) => !w.destroyed)
  }

  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.getAllWindows().at(-1) ?? null
  }

  loadURL(url: string): Promise<void> {
    this.webContents.load(url)
    return Promise.resolve()
  }

  loadFile(path: string): Promise<void> {
    this.webContents.load(`file://${path}`)
    return Promise.resolve()
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  show(): void {}
  focus(): void {}

  /** Closes as Electron does: `close` (preventable), `closed`, then the webContents is destroyed. */
  close(): void {
    if (this.destroyed) return
    const event = new MockEvent()
    this.emit('close', event)
    if (event.defaultPrevented) return
    this.destroy()
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.emit('closed')
    this.webContents.destroy()
    // Not while quitting: then Electron closes every window itself and goes on to `will-quit`.
    if (BrowserWindow.getAllWindows().length === 0 && !app.quitting) app.emit('window-all-closed')
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown

class MockIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>()

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }

  /**
   * What `ipcRenderer.invoke(channel, ...args)` from `sender` does: the
   * handler runs with an IpcMainInvokeEvent; arguments and reply are
   * structured-cloned; a throw or rejection reaches the renderer as an error.
   */
  async invoke(
    sender: MockWebContents,
    channel: string,
    args: unknown[],
    senderFrame: MockWebFrameMain | null = sender.mainFrame,
  ): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`)
    const event = { sender, senderFrame, processId: 1, frameId: 1 }
    return structuredClone(await handler(event, ...args.map((arg) => structuredClone(arg))))
  }
}

export const ipcMain = new MockIpcMain()

interface MenuItemOptions {
  label?: string
  role?: string
  accelerator?: string
  click?: () => void
  submenu?: MenuItemOptions[]
  type?: string
}

export class Menu {
  static current: Menu | null = null
  constructor(readonly items: MenuItemOptions[]) {}

  static buildFromTemplate(template: MenuItemOptions[]): Menu {
    return new Menu(template)
  }

  static setApplicationMenu(menu: Menu | null): void {
    Menu.current = menu
  }

  static getApplicationMenu(): Menu | null {
    return Menu.current
  }

  /** The item with this label, anywhere in the menu. */
  find(label: string, items: MenuItemOptions[] = this.items): MenuItemOptions | undefined {
    for (const item of items) {
      if (item.label === label) return item
      const found = item.submenu && this.find(label, item.submenu)
      if (found) return found
    }
    return undefined
  }
}

class MockApp extends EventEmitter {
  readonly isPackaged = false
  private ready = false
  private readyWaiters: (() => void)[] = []
  /** Set once a quit goes ahead (`before-quit` not prevented). */
  quitting = false
  quitCount = 0

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve()
    return new Promise((resolve) => this.readyWaiters.push(resolve))
  }

  isReady(): boolean {
    return this.ready
  }

  /** The test's way to say Electron finished starting. */
  setReady(): void {
    if (this.ready) return
    this.ready = true
    this.emit('ready')
    for (const resolve of this.readyWaiters.splice(0)) resolve()
  }

  /** `before-quit` (preventable), then every window closes, then `will-quit` and `quit`. */
  quit(): void {
    this.quitCount++
    const event = new MockEvent()
    this.emit('before-quit', event)
    if (event.defaultPrevented) return
    this.quitting = true
    for (const window of BrowserWindow.getAllWindows()) window.close()
    this.emit('will-quit', new MockEvent())
    this.emit('quit', new MockEvent(), 0)
  }

  getAppPath(): string {
    return process.cwd()
  }

  /** Electron's per-user folders; here one fresh temporary folder per test process stands for userData. */
  getPath(name: 'userData' | 'temp'): string {
    if (name === 'temp') return tmpdir()
    this.userData ??= mkdtempSync(join(tmpdir(), 'eventdesk-userdata-'))
    return this.userData
  }

  private userData: string | undefined
}

export const app = new MockApp()

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api)
  },
}

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: (channel: string, ...args: unknown[]): Promise<unknown> =>
    Promise.reject(new Error(`No handler registered for '${channel}' (${args.length} args)`)),
})

export default { app, BrowserWindow, ipcMain, ipcRenderer, contextBridge, Menu, session }

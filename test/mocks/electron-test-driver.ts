/**
 * The only way tests act on the Electron stand-in: what Electron itself, the
 * user or a page would do in the app (start up, open a URL, send a command,
 * crash, pick a menu item), and what they would see. Kept apart from the
 * stand-in's `electron` module, which is Electron's surface alone.
 */
import type * as Electron from 'electron'
import { app, Menu, standIn, type BrowserWindow } from './electron'
import type { FakeWebContents, FakeWebFrameMain, NavigationOutcome, PageMessage } from './electron-contents'
import { ipcRenderer, mainWorld, rendererInvoke } from './electron-ipc'
import { asElectron, electronEvent, settleTasks } from './electron-runtime'

export { PageGoneError } from './electron-ipc'
export { asElectron } from './electron-runtime'
export type { FakeWebContents, FakeWebFrameMain, NavigationOutcome, PageMessage }

/** What tests do to the stand-in: what Electron, the user or a page would do in the app. */
export const electronTestDriver = {
  /** Electron has started: `ready`, and `app.whenReady()` resolves. */
  ready: (): void => app.becomeReady(),
  /** Another EventDesk is already running when this one starts: set before the entry module loads. */
  anotherInstanceRunning: (): void => app.holdLockElsewhere(),
  /** The user launches EventDesk again while this one runs; false when this one holds no lock to hear it. */
  launchAgain: (argv: string[] = ['eventdesk'], workingDirectory = '/'): boolean =>
    app.launchAgain(argv, workingDirectory),
  /** Whether the app runs packaged (`app.isPackaged`); set before the entry module loads. */
  setPackaged: (packaged: boolean): void => app.setPackaged(packaged),
  /** Lets every task Electron has posted run. */
  settle: settleTasks,
  /** Every window created, closed ones included. */
  windows: (): BrowserWindow[] => [...standIn.createdWindows],
  /** The `webPreferences` a page was created with. */
  webPreferences: (contents: FakeWebContents): Electron.WebPreferences => contents.webPreferences,
  /** Whether the app got as far as `quit`. */
  hasQuit: (): boolean => app.hasQuit,
  /** The page sends `ipcRenderer.invoke(channel, ...args)` from `frame` (its main frame unless given). */
  invoke: (contents: FakeWebContents, channel: string, args: unknown[], frame?: FakeWebFrameMain): Promise<unknown> =>
    rendererInvoke(contents, frame, channel, args),
  /** What the page received on `channel`, in order, with the document each went to. */
  received: (contents: FakeWebContents, channel: string): PageMessage[] =>
    contents.received.filter((message) => message.channel === channel),
  /**
   * The page navigates (a link, `location`), or with `fromApp` the app does (`loadURL`): resolves once
   * the navigation committed, was refused or was aborted.
   */
  navigate: (
    contents: FakeWebContents,
    url: string,
    options: { frame?: FakeWebFrameMain; sameDocument?: boolean; redirectTo?: string; fromApp?: boolean } = {},
  ): Promise<NavigationOutcome> =>
    contents.navigate({
      url,
      frame: options.frame ?? contents.mainFrame,
      rendererInitiated: options.fromApp !== true,
      sameDocument: options.sameDocument,
      redirectTo: options.redirectTo,
    }),
  /** The page adds an iframe showing `url`. */
  addSubframe: (contents: FakeWebContents, url: string): FakeWebFrameMain => contents.addSubframe(url),
  /** The page's renderer process dies. */
  crash: (contents: FakeWebContents, reason: Electron.RenderProcessGoneDetails['reason'] = 'crashed'): void =>
    contents.crash(reason),
  /** The page calls `window.open(url)`: what the window-open handler answers (Electron allows without one). */
  windowOpen: (contents: FakeWebContents, url: string): Electron.WindowOpenHandlerResponse =>
    contents.windowOpenHandler?.({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: contents.getURL(), policy: 'strict-origin-when-cross-origin' },
    }) ?? { action: 'allow' },
  /** The page asks for a permission: what the session's handler grants (Electron grants without one). */
  requestPermission: (contents: FakeWebContents, permission: 'media' | 'notifications'): Promise<boolean> =>
    new Promise((resolve) => {
      const handler = standIn.defaultSession.permissionRequestHandler
      if (handler === null) return resolve(true)
      const details = { requestingUrl: contents.getURL(), isMainFrame: true }
      handler(asElectron<Electron.WebContents>(contents), permission, resolve, details)
    }),
  /** Chromium checks a permission for the page. */
  checkPermission: (contents: FakeWebContents, permission: 'media' | 'notifications'): boolean =>
    standIn.defaultSession.permissionCheckHandler?.(
      asElectron<Electron.WebContents>(contents),
      permission,
      contents.getURL(),
      {
        requestingUrl: contents.getURL(),
        isMainFrame: true,
      },
    ) ?? true,
  /** A response for `url` arrives with these headers: the headers the page gets after `webRequest.onHeadersReceived`. */
  responseHeaders: (
    url: string,
    responseHeaders: Record<string, string[]>,
  ): Promise<Record<string, string | string[]>> =>
    new Promise((resolve) => {
      const listener = standIn.defaultSession.headersReceivedListener
      if (listener === null) return resolve(responseHeaders)
      const details = {
        id: 1,
        url,
        method: 'GET',
        resourceType: 'mainFrame' as const,
        referrer: '',
        timestamp: Date.now(),
        statusLine: 'HTTP/1.1 200 OK',
        statusCode: 200,
        responseHeaders,
      }
      listener(details, (response) => resolve(response.responseHeaders ?? responseHeaders))
    }),
  /** The schemes registered with `protocol.registerSchemesAsPrivileged`. */
  privilegedSchemes: (): readonly Electron.CustomScheme[] => standIn.privilegedSchemes,
  /**
   * The page requests `url` from a scheme the app handles: the handler's response. A scheme nobody
   * handles fails as Chromium's ERR_UNKNOWN_URL_SCHEME; a throwing handler as ERR_UNEXPECTED (protocol.ts).
   */
  fetch: async (url: string, init?: RequestInit): Promise<Response> => {
    const handler = standIn.schemeHandlers.get(new URL(url).protocol.slice(0, -1))
    if (handler === undefined) throw new TypeError('net::ERR_UNKNOWN_URL_SCHEME')
    try {
      return await handler(new Request(url, init))
    } catch (err) {
      console.error(err)
      throw new TypeError('net::ERR_UNEXPECTED', { cause: err })
    }
  },
  /** The application menu's item with this label. */
  menuItem: (label: string): Electron.MenuItemConstructorOptions | undefined => Menu.getApplicationMenu()?.find(label),
  /** The user picks the menu item with this label. */
  clickMenuItem: (label: string): void => {
    const item = Menu.getApplicationMenu()?.find(label)
    if (item?.click === undefined) throw new Error(`no menu item '${label}'`)
    item.click(asElectron<Electron.MenuItem>(item), undefined, {})
  },
  /** Loads the preload into this page: its `ipcRenderer` talks to the main process as this page. */
  runPreloadIn: (contents: FakeWebContents): void => {
    ipcRenderer.page = contents
    contents.pageListener = (channel, args) =>
      ipcRenderer.emit(channel, electronEvent({ sender: ipcRenderer, ports: [] }), ...args)
  },
  /** What the preload exposed to the page as `window[key]`, as the page sees it. */
  exposedInMainWorld: (key: string): unknown => mainWorld.get(key),
  /** The keys the preload exposed. */
  mainWorldKeys: (): string[] => [...mainWorld.keys()],
}

import { BrowserWindow, Menu, protocol, type Session, type WebContents } from 'electron'
import { APP_PAGE_URL, APP_SCHEME, serveAppFiles } from './app-protocol'

/** Where a window's page comes from, and what the window allows. */
export interface PageSource {
  /** The Vite dev server, in development; otherwise the built renderer over `app://`. */
  devServerUrl?: string
  preload: string
  /** Whether DevTools can open: development only (Electron's security checklist). */
  devTools: boolean
}

/**
 * Declares `app://` a standard, secure scheme (relative URLs, a real origin
 * for `'self'` in the CSP, fetch for module scripts), as the `protocol.handle`
 * example in Electron's docs/api/protocol.md does. Electron accepts this only
 * before `ready`, so call it as the entry module loads.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Serves the built renderer folder over `app://` (after `ready`). */
export function serveRenderer(rendererDir: string, contentSecurityPolicy: string): void {
  protocol.handle(APP_SCHEME, serveAppFiles(rendererDir, contentSecurityPolicy))
}

/**
 * A window locked down as Electron's security checklist asks: isolated,
 * sandboxed, no Node in the page, web security on, no webview tag, DevTools
 * only in development.
 */
export function createSecureWindow(source: PageSource): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'EventDesk',
    webPreferences: {
      preload: source.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: source.devTools,
    },
  })
  // Electron's loadURL promise settles on load or failure and already has a rejection handler
  // (lib/browser/api/web-contents.ts): a window closed while loading rejects it, harmlessly.
  void window.loadURL(source.devServerUrl ?? APP_PAGE_URL)
  return window
}

/**
 * Applies to every webContents the app creates: no navigation the page
 * starts, in any frame, and no redirect (the app is one page; loads and
 * reloads come from us and are not refused), no `window.open` (a new window
 * comes from the menu, with our settings), no `<webview>`.
 */
export function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** Denies every permission request and check (camera, notifications, …): a trading monitor needs none. */
export function lockDownSession(session: Session, contentSecurityPolicy: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    })
  })
}

/** Sets the application menu; "New Window" (Ctrl/Cmd+Shift+N) opens another monitor window. */
export function installMenu(openWindow: () => void): void {
  const menu = Menu.buildFromTemplate([
    {
      label: 'File',
      submenu: [
        { label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: openWindow },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ])
  Menu.setApplicationMenu(menu)
}

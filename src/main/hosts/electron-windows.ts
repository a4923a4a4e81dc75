import { BrowserWindow, Menu, type Session, type WebContents } from 'electron'

/** Where a window's page comes from: the Vite dev server, or the built renderer's file. */
export interface PageSource {
  devServerUrl?: string
  indexHtml: string
  preload: string
}

/**
 * A window locked down as Electron's security checklist asks: isolated,
 * sandboxed, no Node in the page, web security on, no webview tag.
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
    },
  })
  if (source.devServerUrl !== undefined) void window.loadURL(source.devServerUrl)
  else void window.loadFile(source.indexHtml)
  return window
}

/**
 * Applies to every webContents the app creates: no navigation away from the
 * page, no `window.open` (a new window comes from the menu, with our
 * settings), no `<webview>`.
 */
export function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => event.preventDefault())
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

/**
 * The Electron entry: app lifecycle, windows and their security settings.
 * The trading desk (engine, core, simulated gateway, bridge) is plain Node;
 * this file only connects it to Electron's windows.
 */
import { join } from 'node:path'
import { app, BrowserWindow, session } from 'electron'
import { isAppPage } from './hosts/app-protocol'
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './hosts/content-security-policy'
import { ElectronAdapter } from './hosts/electron-adapter'
import {
  installMenu,
  createSecureWindow,
  lockDownContents,
  lockDownSession,
  registerAppScheme,
  serveRenderer,
  type PageSource,
} from './hosts/electron-windows'
import { createTradingDesk, type TradingDesk } from './hosts/trading-desk'
import { DeskSettings } from './settings'

const page: PageSource = {
  devServerUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
  preload: join(__dirname, '../preload/index.js'),
  devTools: !app.isPackaged,
}
const rendererDir = join(__dirname, '../renderer')

/** Our pages: the built renderer's page over app:// (any hash), or the dev server's origin in development. */
function isOurUrl(url: string): boolean {
  if (page.devServerUrl !== undefined && URL.parse(url)?.origin === new URL(page.devServerUrl).origin) return true
  return isAppPage(url)
}

let desk: TradingDesk | undefined
let adapter: ElectronAdapter | undefined
let closed = false

registerAppScheme()
app.on('web-contents-created', (_event, contents) => lockDownContents(contents))

// One app per user-data folder: its journal and settings belong to one desk (a second desk would find the
// journal locked). A second launch hands over to the first, which comes to the front, and quits before it
// opens anything (docs/api/app.md, `requestSingleInstanceLock`).
const firstInstance = app.requestSingleInstanceLock()
if (!firstInstance) app.quit()

void app.whenReady().then(() => {
  if (!firstInstance) return
  // The journal (orders, trades, logs, strategy instances) lives in the user's data folder; user strategy files in its strategies/ folder.
  const dataDir = app.getPath('userData')
  // settings.json in the same folder: risk and session limits, cancel-on-quit (src/shared/settings.ts).
  desk = createTradingDesk({
    dataDir,
    settings: new DeskSettings({ dataDir }),
    strategyEngine: { strategyDirs: [join(dataDir, 'strategies')] },
    logDir: join(dataDir, 'logs'),
  })
  adapter = new ElectronAdapter(desk.bridge, isOurUrl)
  adapter.start()
  const policy = page.devServerUrl === undefined ? CONTENT_SECURITY_POLICY : devContentSecurityPolicy(page.devServerUrl)
  lockDownSession(session.defaultSession, policy)
  serveRenderer(rendererDir, CONTENT_SECURITY_POLICY)
  const openWindow = (): void => {
    const window = createSecureWindow(page)
    adapter?.attach(window)
  }
  installMenu(openWindow)
  openWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window === undefined) return openWindow()
    if (window.isMinimized()) window.restore()
    window.focus()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Quitting waits for the core to close cleanly: working orders cancelled,
// gateways closed, the engine stopped with every queued log dispatched. It
// waits for `will-quit`, which Electron emits once every window has closed:
// a window that refuses to close cancels the quit, and the desk must then be
// still running (docs/api/app.md, `app.quit()`; shell/browser/browser.cc).
app.on('will-quit', (event) => {
  if (closed || desk === undefined) return
  event.preventDefault()
  if (adapter === undefined) return
  adapter.stop()
  adapter = undefined
  void desk
    .close()
    .catch((err: unknown) => console.error('[main] closing the trading core failed', err))
    .finally(() => {
      closed = true
      app.quit()
    })
})

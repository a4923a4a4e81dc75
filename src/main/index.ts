/**
 * The Electron entry: app lifecycle, windows and their security settings.
 * The trading desk (engine, core, simulated gateway, bridge) is plain Node;
 * this file only connects it to Electron's windows.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, session } from 'electron'
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './hosts/content-security-policy'
import { ElectronAdapter } from './hosts/electron-adapter'
import {
  installMenu,
  createSecureWindow,
  lockDownContents,
  lockDownSession,
  type PageSource,
} from './hosts/electron-windows'
import { createTradingDesk, type TradingDesk } from './hosts/trading-desk'
import { readJson } from './util/json-file'

const page: PageSource = {
  devServerUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
  indexHtml: join(__dirname, '../renderer/index.html'),
  preload: join(__dirname, '../preload/index.js'),
}

/** Our pages: the built index.html (any hash), or the dev server's origin in development. */
function isOurUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (page.devServerUrl !== undefined && parsed.origin === new URL(page.devServerUrl).origin) return true
  return parsed.protocol === 'file:' && parsed.pathname === pathToFileURL(page.indexHtml).pathname
}

let desk: TradingDesk | undefined
let adapter: ElectronAdapter | undefined
let closed = false

app.on('web-contents-created', (_event, contents) => lockDownContents(contents))

void app.whenReady().then(() => {
  // The journal (orders, trades, logs, strategy instances) lives in the user's data folder; user strategy files in its strategies/ folder.
  const dataDir = app.getPath('userData')
  // settings.json in the same folder: { "cancelOrdersOnQuit": false } leaves working orders at the exchange on quit.
  let settings: { cancelOrdersOnQuit?: boolean } = {}
  try {
    settings = readJson(join(dataDir, 'settings.json')) ?? {}
  } catch (err) {
    console.error(`EventDesk: ignoring unreadable settings: ${String(err)}`)
  }
  desk = createTradingDesk({
    dataDir,
    strategyEngine: { strategyDirs: [join(dataDir, 'strategies')] },
    cancelOrdersOnClose: settings.cancelOrdersOnQuit !== false,
    logDir: join(dataDir, 'logs'),
  })
  adapter = new ElectronAdapter(desk.bridge, isOurUrl)
  adapter.start()
  const policy = page.devServerUrl === undefined ? CONTENT_SECURITY_POLICY : devContentSecurityPolicy(page.devServerUrl)
  lockDownSession(session.defaultSession, policy)
  const openWindow = (): void => {
    const window = createSecureWindow(page)
    adapter?.attach(window)
  }
  installMenu(openWindow)
  openWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Quitting waits for the core to close cleanly: working orders cancelled,
// gateways closed, the engine stopped with every queued log dispatched.
app.on('before-quit', (event) => {
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

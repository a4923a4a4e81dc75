/**
 * The Electron entry in a packaged app: no DevTools, and the built renderer
 * over app:// even when a development server address is in the environment.
 */
import { describe, expect, it, vi } from 'vitest'
import { app } from '../mocks/electron'
import { electronTestDriver as driver } from '../mocks/electron-test-driver'

vi.mock('electron', () => import('../mocks/electron'))

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('the Electron entry, packaged', () => {
  it('opens windows without DevTools, on the built renderer', async () => {
    driver.setPackaged(true)
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/')
    await import('../../src/main/index')
    driver.ready()
    await until(() => driver.windows().length === 1)
    const [window] = driver.windows()
    const contents = window.webContents
    await until(() => contents.getURL() === 'app://eventdesk/index.html')
    expect(driver.webPreferences(contents).devTools).toBe(false)
    contents.openDevTools()
    expect(contents.isDevToolsOpened()).toBe(false)

    window.close()
    await until(() => driver.hasQuit())
    expect(app.isPackaged).toBe(true)
    vi.unstubAllEnvs()
  })
})

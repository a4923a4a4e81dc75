import { describe, expect, it, vi } from 'vitest'
import { BrowserWindow, ipcMain } from '../mocks/electron'
import { electronTestDriver as driver } from '../mocks/electron-test-driver'
import { COMMAND_IPC_CHANNEL, PUSH_CHANNEL, type Batch, type EventDeskApi } from '../../src/shared/contract'

vi.mock('electron', () => import('../mocks/electron'))

describe('the Electron preload', () => {
  it('exposes only window.api, carries commands on one channel, and delivers batches to listeners', async () => {
    driver.ready()
    const window = new BrowserWindow()
    await window.loadURL('app://eventdesk/index.html')
    driver.runPreloadIn(window.webContents)
    const handled = vi.fn((_event: unknown, ..._args: unknown[]) => ({ ok: true, value: null }))
    ipcMain.handle(COMMAND_IPC_CHANNEL, handled)
    await import('../../src/preload/index')
    expect(driver.mainWorldKeys()).toEqual(['api'])
    // contextBridge copies own properties into the page: the API must be a plain object of functions.
    const api = driver.exposedInMainWorld('api') as EventDeskApi
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])

    expect(await api.invoke('order:cancelAll', {})).toEqual({ ok: true, value: null })
    expect(handled.mock.calls[0].slice(1)).toEqual(['order:cancelAll', {}])

    const seen: number[] = []
    const off = api.on('batch', (batch) => seen.push(batch.seq))
    const batch: Batch = { seq: 1, items: {} }
    window.webContents.send(PUSH_CHANNEL, batch)
    await driver.settle()
    expect(seen).toEqual([1])
    off()
    window.webContents.send(PUSH_CHANNEL, { seq: 2, items: {} })
    await driver.settle()
    expect(seen).toEqual([1])

    const states: string[] = []
    api.on('connection', (state) => states.push(state))
    await Promise.resolve()
    expect(states).toEqual(['open'])

    // An IPC failure (here: no handler in the main process) comes back as a failed result, never as a rejection.
    ipcMain.removeHandler(COMMAND_IPC_CHANNEL)
    expect(await api.invoke('stats:get', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

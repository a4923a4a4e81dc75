import { describe, expect, it, vi } from 'vitest'
import { contextBridge, ipcRenderer } from '../mocks/electron'
import { COMMAND_IPC_CHANNEL, PUSH_CHANNEL, type Batch, type EventDeskApi } from '../../src/shared/contract'

vi.mock('electron', () => import('../mocks/electron'))

describe('the Electron preload', () => {
  it('exposes only window.api, carries commands on one channel, and delivers batches to listeners', async () => {
    const invoke = vi.spyOn(ipcRenderer, 'invoke').mockImplementation(async () => ({ ok: true, value: null }))
    await import('../../src/preload/index')
    expect([...contextBridge.exposed.keys()]).toEqual(['api'])
    const api = contextBridge.exposed.get('api') as EventDeskApi
    // contextBridge copies own properties: the API must be a plain object of functions.
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])

    expect(await api.invoke('order:cancelAll', {})).toEqual({ ok: true, value: null })
    expect(invoke).toHaveBeenLastCalledWith(COMMAND_IPC_CHANNEL, 'order:cancelAll', {})

    const seen: number[] = []
    const off = api.on('batch', (batch) => seen.push(batch.seq))
    const batch: Batch = { seq: 1, items: {} }
    ipcRenderer.emit(PUSH_CHANNEL, { sender: 'not for the page' }, batch)
    expect(seen).toEqual([1])
    off()
    ipcRenderer.emit(PUSH_CHANNEL, {}, { seq: 2, items: {} })
    expect(seen).toEqual([1])

    const states: string[] = []
    api.on('connection', (state) => states.push(state))
    await Promise.resolve()
    expect(states).toEqual(['open'])

    // An IPC failure comes back as a failed result, never as a rejection.
    invoke.mockRejectedValueOnce(new Error('gone'))
    expect(await api.invoke('stats:get', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

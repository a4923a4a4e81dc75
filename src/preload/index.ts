/**
 * The Electron preload: exposes `window.api` over IPC and nothing else. The
 * renderer never sees `ipcRenderer` or an IPC event (Electron's security
 * guide: expose narrow functions, not the module).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { COMMAND_IPC_CHANNEL, PUSH_CHANNEL, type Batch, type CommandChannel } from '../shared/contract'
import { createApi, type Transport } from '../client/api'

const transport: Transport = {
  async invoke(channel: CommandChannel, request: unknown): Promise<unknown> {
    try {
      return await ipcRenderer.invoke(COMMAND_IPC_CHANNEL, channel, request)
    } catch (err) {
      return { ok: false, error: { code: 'INTERNAL', message: `IPC failed: ${String(err)}` } }
    }
  },
  onBatch(listener: (batch: Batch) => void): () => void {
    const onPush = (_event: IpcRendererEvent, batch: Batch): void => listener(batch)
    ipcRenderer.on(PUSH_CHANNEL, onPush)
    return () => void ipcRenderer.removeListener(PUSH_CHANNEL, onPush)
  },
  // IPC to our own main process is up for as long as the window exists.
  onConnection: () => () => {},
  connection: () => 'open',
}

contextBridge.exposeInMainWorld('api', createApi(transport))

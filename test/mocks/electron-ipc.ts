/**
 * IPC in the Electron stand-in, both ends: the main process's `ipcMain`, and
 * the preload's `ipcRenderer` and `contextBridge`. test/mocks/electron.ts
 * serves them as the `electron` module's; tests send from a page through
 * electron-test-driver.ts. Sources cited as `electron/…` are files of
 * github.com/electron/electron.
 */
import { EventEmitter } from 'node:events'
import type * as Electron from 'electron'
import type { FakeWebContents, FakeWebFrameMain } from './electron-contents'
import { asElectron, electronEvent, postTask } from './electron-runtime'

type InvokeHandler = Parameters<Electron.IpcMain['handle']>[1]

/** electron/lib/browser/ipc-main-impl.ts. */
class FakeIpcMain extends EventEmitter implements Pick<Electron.IpcMain, 'handle' | 'removeHandler'> {
  private readonly handlers = new Map<string, InvokeHandler>()

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }

  /** Stand-in wiring. */
  handlerFor(channel: string): InvokeHandler | undefined {
    return this.handlers.get(channel)
  }

  get channels(): string[] {
    return [...this.handlers.keys()]
  }
}

export const ipcMain = new FakeIpcMain()

/** What a page that asked would never see: the stand-in's way to say the page went before its reply. */
export class PageGoneError extends Error {}

/**
 * `ipcRenderer.invoke` from the current document of `frame` (the main frame unless given): arguments cloned in the renderer, the message
 * handled on a later task (electron/lib/browser/ipc-dispatch.ts, '-ipc-invoke'), the reply cloned back; a
 * failure reaches the page worded as electron/lib/renderer/api/ipc-renderer.ts words it. A message is
 * dropped if its webContents was destroyed (or its renderer died) first; a reply, if its document has gone.
 */
export function rendererInvoke(
  contents: FakeWebContents,
  sender: FakeWebFrameMain | undefined,
  channel: string,
  args: unknown[],
): Promise<unknown> {
  const failure = (err: unknown): Error => new Error(`Error invoking remote method '${channel}': ${String(err)}`)
  return new Promise((resolve, reject) => {
    if (contents.isDestroyed()) return reject(new PageGoneError('the page is gone'))
    const frame = sender ?? contents.mainFrame
    const document = frame.document
    if (!contents.shows(frame, document)) return reject(new PageGoneError('the page is gone'))
    const message = structuredClone(args)
    postTask(() => {
      if (!contents.deliversIpc()) return reject(new PageGoneError('the page went before its message'))
      const reply = (answer: () => void): void =>
        contents.shows(frame, document) ? answer() : reject(new PageGoneError('the page went before the reply'))
      const handler = ipcMain.handlerFor(channel)
      if (handler === undefined) {
        return reply(() => reject(failure(new Error(`No handler registered for '${channel}'`))))
      }
      const fail = (err: unknown): void => {
        console.error(`Error occurred in handler for '${channel}':`, err)
        reply(() => reject(failure(err)))
      }
      try {
        Promise.resolve(handler(invokeEvent(contents, frame, document), ...message)).then((value: unknown) => {
          try {
            const cloned = structuredClone(value)
            reply(() => resolve(cloned))
          } catch (err) {
            fail(err)
          }
        }, fail)
      } catch (err) {
        fail(err)
      }
    })
  })
}

/** docs/api/structures/ipc-main-invoke-event.md: `senderFrame` reads null once that document has gone. */
function invokeEvent(
  contents: FakeWebContents,
  frame: FakeWebFrameMain,
  document: number,
): Electron.IpcMainInvokeEvent {
  const event = electronEvent({ sender: contents, processId: frame.processId, frameId: frame.routingId, type: 'frame' })
  Object.defineProperty(event, 'senderFrame', {
    enumerable: true,
    get: () => (frame.document === document && !frame.detached ? frame : null),
  })
  return asElectron<Electron.IpcMainInvokeEvent>(event)
}

/** The preload's `ipcRenderer` (docs/api/ipc-renderer.md), talking to the page a test runs the preload in. */
class FakeIpcRenderer extends EventEmitter implements Pick<Electron.IpcRenderer, 'invoke'> {
  /** Stand-in wiring: the page this renderer is. */
  page: FakeWebContents | undefined

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    if (this.page === undefined) return Promise.reject(new Error('no page: call electronTestDriver.runPreloadIn first'))
    return rendererInvoke(this.page, undefined, channel, args)
  }
}

export const ipcRenderer = new FakeIpcRenderer()

/** What the preload exposed, by key, as the page sees it. */
export const mainWorld = new Map<string, unknown>()

/**
 * docs/api/context-bridge.md: values are copied into the page's world (own properties only, prototypes
 * dropped; functions and promises proxied, their arguments and results copied in turn).
 */
function copyAcrossWorlds(value: unknown): unknown {
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown
    return (...args: unknown[]) => copyAcrossWorlds(fn(...args.map(copyAcrossWorlds)))
  }
  if (value instanceof Promise) return value.then(copyAcrossWorlds)
  if (Array.isArray(value)) return value.map(copyAcrossWorlds)
  if (value !== null && typeof value === 'object' && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, copyAcrossWorlds(entry)]))
  }
  return value
}

export const contextBridge = {
  exposeInMainWorld(apiKey: string, api: unknown): void {
    // electron/shell/renderer/api/electron_api_context_bridge.cc
    if (mainWorld.has(apiKey)) throw new Error('Cannot bind an API on top of an existing property on the window object')
    mainWorld.set(apiKey, copyAcrossWorlds(api))
  },
} satisfies Pick<Electron.ContextBridge, 'exposeInMainWorld'>

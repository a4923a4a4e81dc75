import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { COMMAND_IPC_CHANNEL, PUSH_CHANNEL, fail, type Result } from '../../shared/contract'
import type { Bridge, ClientSession } from '../bridge'

interface WindowEntry {
  webContents: WebContents
  session?: ClientSession
}

/**
 * Carries the bridge over Electron IPC. One `ipcMain.handle` for every
 * window, registered once; each message's sender is checked before the
 * command runs (VS Code's validatedIpcMain): one of our windows, its main
 * frame, a page we loaded. Each window gets a session on its first command,
 * and loses it when the window closes, its renderer dies or another document
 * replaces its page (a reload; the new page subscribes again), so the engine
 * never calls into a page that is gone (vnpy's crash on close).
 */
export class ElectronAdapter {
  private readonly windows = new Map<number, WindowEntry>()
  private started = false

  constructor(
    private readonly bridge: Bridge,
    /** Whether a page URL is ours (the built renderer's file, or the dev server). */
    private readonly isOurUrl: (url: string) => boolean,
  ) {}

  /** Registers the command handler; call once, at `whenReady`. */
  start(): void {
    if (this.started) return
    this.started = true
    // A handler left by a previous start (dev reload) would make `handle` throw.
    ipcMain.removeHandler(COMMAND_IPC_CHANNEL)
    ipcMain.handle(COMMAND_IPC_CHANNEL, this.onCommand)
  }

  /** Accepts commands from this window from now on and ends its session with it. */
  attach(window: BrowserWindow): void {
    const webContents = window.webContents
    const id = webContents.id
    if (this.windows.has(id)) return
    this.windows.set(id, { webContents })
    const forget = (): void => {
      this.endSession(id)
      this.windows.delete(id)
    }
    window.once('closed', forget)
    webContents.once('destroyed', forget)
    webContents.on('render-process-gone', () => this.endSession(id))
    // Not `did-start-navigation`: Electron emits it before `will-navigate`
    // (spec/api-browser-window-spec.ts, "ordering"), so a navigation our guard
    // then refuses would leave the page in place with its session ended.
    // `did-navigate` comes when another document has replaced the main frame's.
    webContents.on('did-navigate', () => this.endSession(id))
  }

  /** Windows attached and not yet closed. */
  get windowCount(): number {
    return this.windows.size
  }

  /** Removes the handler and ends every session (quit). */
  stop(): void {
    if (this.started) ipcMain.removeHandler(COMMAND_IPC_CHANNEL)
    this.started = false
    for (const id of [...this.windows.keys()]) this.endSession(id)
    this.windows.clear()
  }

  private readonly onCommand = (
    event: IpcMainInvokeEvent,
    channel: unknown,
    request: unknown,
  ): Promise<Result<unknown>> => {
    const entry = this.windows.get(event.sender.id)
    const refusal = this.refuse(event, entry)
    if (refusal !== undefined || entry === undefined) {
      console.warn(`[ipc] refused ${String(channel).slice(0, 64)}: ${refusal}`)
      return Promise.resolve(fail('UNAUTHENTICATED', `Refused: ${refusal ?? 'unknown sender'}`))
    }
    entry.session ??= this.openSession(entry.webContents)
    return this.bridge.handle(entry.session, channel, request)
  }

  /** Why a message may not be handled, or undefined when it may. */
  private refuse(event: IpcMainInvokeEvent, entry: WindowEntry | undefined): string | undefined {
    if (entry === undefined || entry.webContents !== event.sender) return 'not one of our windows'
    if (event.sender.isDestroyed()) return 'window is gone'
    const frame = event.senderFrame
    // senderFrame is null once the frame has navigated away or been destroyed.
    if (frame === null) return 'sender frame is gone'
    if (frame.parent !== null) return 'not the main frame'
    if (!this.isOurUrl(frame.url)) return `page ${frame.url.slice(0, 128)} is not ours`
    return undefined
  }

  private openSession(webContents: WebContents): ClientSession {
    return this.bridge.open(
      (batch) => {
        // Sending to a destroyed webContents throws "Object has been destroyed".
        if (!webContents.isDestroyed()) webContents.send(PUSH_CHANNEL, batch)
      },
      // Named by its window, so the log says which window changed a setting.
      `window ${webContents.id}`,
    )
  }

  private endSession(id: number): void {
    const entry = this.windows.get(id)
    if (entry?.session === undefined) return
    entry.session.dispose()
    entry.session = undefined
  }
}

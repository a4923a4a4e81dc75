/**
 * The Electron stand-in's pages: webContents, their frames, and their session.
 * test/mocks/electron.ts assembles the `electron` module; tests reach these
 * through electron-test-driver.ts.
 *
 * Each class implements `Pick<>` of Electron 45's own declaration for the
 * members the app uses, so a signature that drifts from electron.d.ts fails
 * the typecheck; a member holding another Electron object holds its stand-in.
 * Members outside Electron's surface are the stand-in's own wiring, marked so.
 * Sources cited as `electron/…` are files of github.com/electron/electron.
 */
import { EventEmitter } from 'node:events'
import type * as Electron from 'electron'
import { assertAlive, electronEvent, postTask } from './electron-runtime'

let nextRoutingId = 1

/** A frame (docs/api/web-frame-main.md). One object per frame for the page's life, as Electron keeps one per frame tree node. */
export class FakeWebFrameMain implements Pick<
  Electron.WebFrameMain,
  'url' | 'origin' | 'processId' | 'routingId' | 'detached' | 'isDestroyed'
> {
  readonly routingId = nextRoutingId++
  private currentUrl: string
  private gone = false
  /** Stand-in wiring: bumped when another document replaces this frame's, so IPC from the old one finds its frame gone. */
  document = 0

  constructor(
    url: string,
    readonly processId: number,
    readonly parent: FakeWebFrameMain | null,
  ) {
    this.currentUrl = url
  }

  get url(): string {
    return this.currentUrl
  }

  get origin(): string {
    return URL.parse(this.currentUrl)?.origin ?? 'null'
  }

  get top(): FakeWebFrameMain {
    return this.parent?.top ?? this
  }

  get detached(): boolean {
    return this.gone
  }

  isDestroyed(): boolean {
    return this.gone
  }

  /** Stand-in wiring: a navigation in this frame committed. */
  commit(url: string, sameDocument: boolean): void {
    this.currentUrl = url
    if (!sameDocument) this.document++
  }

  /** Stand-in wiring: the frame was removed (its page replaced, or its webContents destroyed). */
  detach(): void {
    this.gone = true
  }
}

type PermissionRequestHandler = Parameters<Electron.Session['setPermissionRequestHandler']>[0]
type PermissionCheckHandler = Parameters<Electron.Session['setPermissionCheckHandler']>[0]
/** The last overload of `onHeadersReceived` takes the listener alone. */
type HeadersReceivedListener = Parameters<Electron.WebRequest['onHeadersReceived']>[0]

/** The default session (docs/api/session.md): permission handlers and `webRequest.onHeadersReceived`. */
export class FakeSession implements Pick<
  Electron.Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
> {
  /** Stand-in wiring, read by the driver. */
  permissionRequestHandler: PermissionRequestHandler = null
  permissionCheckHandler: PermissionCheckHandler = null
  headersReceivedListener: HeadersReceivedListener = null

  readonly webRequest: Pick<Electron.WebRequest, 'onHeadersReceived'> = {
    onHeadersReceived: (
      filterOrListener: Electron.WebRequestFilter | HeadersReceivedListener,
      listener?: HeadersReceivedListener,
    ): void => {
      this.headersReceivedListener = typeof filterOrListener === 'function' ? filterOrListener : (listener ?? null)
    },
  }

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler
  }
}

/** How a navigation ended: its document is in place, a listener refused it, or something else ended it first. */
export type NavigationOutcome = 'committed' | 'refused' | 'aborted'

export interface NavigationRequest {
  url: string
  frame: FakeWebFrameMain
  /** Started by the page (a link, `location`), not by the app (`loadURL`, `reload`). */
  rendererInitiated: boolean
  /** A fragment or history API navigation: the document stays. */
  sameDocument?: boolean
  /** The server answers with a redirect to this URL. */
  redirectTo?: string
}

/** A message a page received over `webContents.send`: which document got it, and its arguments after structured clone. */
export interface PageMessage {
  channel: string
  args: unknown[]
  document: number
}

let nextWebContentsId = 1
let nextProcessId = 1

/** A window's page (docs/api/web-contents.md). */
export class FakeWebContents
  extends EventEmitter
  implements
    Pick<
      Electron.WebContents,
      | 'id'
      | 'isDestroyed'
      | 'send'
      | 'close'
      | 'setWindowOpenHandler'
      | 'getURL'
      | 'loadURL'
      | 'reload'
      | 'openDevTools'
      | 'isDevToolsOpened'
    >
{
  /** Read once at construction, so it stays readable after destruction (electron/lib/browser/api/web-contents.ts `_init`). */
  readonly id = nextWebContentsId++
  private readonly frame: FakeWebFrameMain
  private readonly subframes: FakeWebFrameMain[] = []
  private destroyed = false
  private closing = false
  private rendererAlive = true
  private devToolsOpened = false
  /** The navigation each frame is waiting on; a newer one aborts it. */
  private readonly pendingNavigations = new Map<FakeWebFrameMain, number>()
  private nextNavigation = 1

  /** Stand-in wiring, read by the driver. */
  readonly received: PageMessage[] = []
  windowOpenHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | undefined
  /** Stand-in wiring: the preload's `ipcRenderer`, when a test runs it in this page. */
  pageListener: ((channel: string, args: unknown[]) => void) | undefined
  /** Stand-in wiring: the window told once this webContents is destroyed. */
  onDestroyed: (() => void) | undefined

  constructor(
    readonly session: FakeSession,
    /** Stand-in wiring: the window's `webPreferences`, which Electron 45 has no getter for. */
    readonly webPreferences: Electron.WebPreferences,
  ) {
    super()
    this.frame = new FakeWebFrameMain('about:blank', nextProcessId++, null)
  }

  get mainFrame(): FakeWebFrameMain {
    assertAlive(this.destroyed)
    return this.frame
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  getURL(): string {
    return this.mainFrame.url
  }

  /**
   * To the main frame (electron/lib/browser/api/web-contents.ts: `this.mainFrame.send`, so it throws once
   * destroyed). Arguments are structured-cloned; one that cannot be, or a renderer that is gone, is logged
   * and dropped, not thrown (electron/lib/browser/api/web-frame-main.ts catches around `_send`).
   */
  send(channel: string, ...args: unknown[]): void {
    const frame = this.mainFrame
    let cloned: unknown[]
    try {
      if (!this.rendererAlive) throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      cloned = structuredClone(args)
    } catch (err) {
      console.error('Error sending from webFrameMain: ', err)
      return
    }
    this.received.push({ channel, args: cloned, document: frame.document })
    const listener = this.pageListener
    if (listener !== undefined) postTask(() => listener(channel, structuredClone(cloned)))
  }

  setWindowOpenHandler(handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0]): void {
    assertAlive(this.destroyed)
    this.windowOpenHandler = handler
  }

  /**
   * As if the page called `window.close()`: the page closes now and the webContents is destroyed on a
   * later task (electron/shell/browser/api/electron_api_web_contents.cc: Close → CloseContents → Destroy,
   * which posts the deletion).
   */
  close(): void {
    assertAlive(this.destroyed)
    this.closePage()
  }

  /** Resolves once the page has loaded, rejects if another navigation or the webContents' end comes first (web-contents.ts `loadURL`). */
  loadURL(url: string): Promise<void> {
    assertAlive(this.destroyed)
    const loaded = this.navigate({ url, frame: this.frame, rendererInitiated: false }).then((outcome) => {
      if (outcome !== 'committed') throw new Error(`ERR_ABORTED (-3) loading '${url}'`)
    })
    // Electron attaches a no-op rejection handler itself.
    loaded.catch(() => {})
    return loaded
  }

  reload(): void {
    void this.navigate({ url: this.getURL(), frame: this.frame, rendererInitiated: false })
  }

  /** Does nothing when the window's `webPreferences.devTools` is false (docs/api/structures/web-preferences.md). */
  openDevTools(): void {
    assertAlive(this.destroyed)
    if (this.webPreferences.devTools !== false) this.devToolsOpened = true
  }

  isDevToolsOpened(): boolean {
    assertAlive(this.destroyed)
    return this.devToolsOpened
  }

  // Stand-in wiring below: what windows and the driver do to a page.

  addSubframe(url: string): FakeWebFrameMain {
    const frame = new FakeWebFrameMain(url, this.frame.processId, this.frame)
    this.subframes.push(frame)
    return frame
  }

  /** The page is closing: nothing more from it once the posted destruction runs. */
  closePage(): void {
    if (this.closing || this.destroyed) return
    this.closing = true
    postTask(() => this.destroyNow())
  }

  /**
   * The webContents is destroyed: it reads as destroyed before `destroyed` is emitted
   * (electron_api_web_contents.cc WebContentsDestroyed clears the wrapper, then emits), and only then does
   * its window close (BrowserWindow::WebContentsDestroyed → CloseImmediately → `closed`).
   */
  destroyNow(): void {
    if (this.destroyed) return
    this.destroyed = true
    for (const frame of [this.frame, ...this.subframes]) frame.detach()
    this.emit('destroyed', electronEvent({}))
    this.onDestroyed?.()
  }

  /** The renderer process died (`render-process-gone`); the webContents and window stay. */
  crash(reason: Electron.RenderProcessGoneDetails['reason']): void {
    this.rendererAlive = false
    this.emit('render-process-gone', electronEvent({}), { reason, exitCode: 1 })
  }

  /**
   * Whether IPC from the page still reaches the main process: until the webContents is destroyed (what
   * was queued before the posted destruction is still dispatched), while its renderer lives. A message a
   * document sent as it was being replaced is dispatched too (electron/lib/browser/ipc-dispatch.ts:
   * "IPCs received after a frame swap are always received"), its `senderFrame` then reading null.
   */
  deliversIpc(): boolean {
    return !this.destroyed && this.rendererAlive
  }

  /** Whether this document of `frame` is still there to get a reply. */
  shows(frame: FakeWebFrameMain, document: number): boolean {
    return this.deliversIpc() && !frame.detached && frame.document === document
  }

  /**
   * A navigation, in the order Electron's own spec asserts (electron/spec/api-browser-window-spec.ts,
   * "ordering"): `did-start-navigation`; then, for one the page started, `will-frame-navigate` (any frame)
   * and `will-navigate` (main frame only), either refusing it (electron/shell/browser/
   * electron_navigation_throttle.cc); later `will-redirect` (refusable) and `did-redirect-navigation`; then
   * the commit: `did-frame-navigate`, `did-navigate` (main frame), `did-finish-load`. A same-document
   * navigation gets `did-start-navigation` and `did-navigate-in-page` only (docs/api/web-contents.md).
   */
  async navigate(request: NavigationRequest): Promise<NavigationOutcome> {
    const { frame, rendererInitiated, sameDocument = false } = request
    let url = request.url
    const navigation = this.nextNavigation++
    if (!sameDocument) this.pendingNavigations.set(frame, navigation)
    const details = (): Electron.Event & NavigationDetails => this.navigationDetails(url, frame, sameDocument)
    const positional = (): unknown[] => [url, sameDocument, frame.parent === null, frame.processId, frame.routingId]
    this.emit('did-start-navigation', details(), ...positional())
    if (sameDocument) {
      await nextTask()
      if (this.destroyed) return 'aborted'
      frame.commit(url, true)
      this.emit('did-navigate-in-page', electronEvent({}), url, frame.parent === null, frame.processId, frame.routingId)
      return 'committed'
    }
    const refused = (name: string, event: Electron.Event, ...args: unknown[]): boolean => {
      this.emit(name, event, ...args)
      if (event.defaultPrevented && this.isCurrent(frame, navigation)) this.pendingNavigations.delete(frame)
      return event.defaultPrevented
    }
    if (rendererInitiated && refused('will-frame-navigate', details())) return 'refused'
    if (rendererInitiated && frame.parent === null && refused('will-navigate', details(), ...positional()))
      return 'refused'
    await nextTask()
    if (request.redirectTo !== undefined && this.isCurrent(frame, navigation)) {
      url = request.redirectTo
      if (refused('will-redirect', details(), ...positional())) return 'refused'
      this.emit('did-redirect-navigation', details(), ...positional())
      await nextTask()
    }
    if (!this.isCurrent(frame, navigation)) return 'aborted'
    this.pendingNavigations.delete(frame)
    this.commitDocument(frame, url)
    return 'committed'
  }

  private commitDocument(frame: FakeWebFrameMain, url: string): void {
    const isMainFrame = frame.parent === null
    frame.commit(url, false)
    if (isMainFrame) {
      this.rendererAlive = true
      for (const subframe of this.subframes.splice(0)) subframe.detach()
    }
    const [code, text] = /^https?:/.test(url) ? [200, 'OK'] : [-1, '']
    this.emit('did-frame-navigate', electronEvent({}), url, code, text, isMainFrame, frame.processId, frame.routingId)
    if (!isMainFrame) return
    this.emit('did-navigate', electronEvent({}), url, code, text)
    this.emit('did-finish-load', electronEvent({}))
  }

  private isCurrent(frame: FakeWebFrameMain, navigation: number): boolean {
    return !this.destroyed && this.pendingNavigations.get(frame) === navigation
  }

  /** The event object electron_api_web_contents.cc EmitNavigationEvent builds. */
  private navigationDetails(
    url: string,
    frame: FakeWebFrameMain,
    sameDocument: boolean,
  ): Electron.Event & NavigationDetails {
    return electronEvent({
      url,
      isSameDocument: sameDocument,
      isMainFrame: frame.parent === null,
      frame,
      initiator: null,
      processId: frame.processId,
      routingId: frame.routingId,
    }) satisfies NavigationDetails
  }
}

/** Electron 45's navigation event parameters, with the frames as stand-ins. */
type NavigationDetails = Omit<Electron.WebContentsWillNavigateEventParams, 'frame' | 'initiator'> & {
  frame: FakeWebFrameMain | null
  initiator?: FakeWebFrameMain | null
  processId: number
  routingId: number
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => postTask(resolve))
}

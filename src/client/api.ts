/**
 * Builds the renderer's `window.api` from a transport, so the Electron window
 * and the browser page share one API: only the way bytes travel differs.
 * Imports types only from the contract, so no schema code lands in the preload.
 */
import type { ApiEvents, Batch, CommandChannel, CommandRequest, CommandResult, EventDeskApi } from '../shared/contract'
// Brings in the `window.api` declaration.
import type {} from './window-api.d'

export type ConnectionState = ApiEvents['connection']

/** A way to reach the host: Electron IPC or a WebSocket. */
export interface Transport {
  /** Sends a command; resolves with its `Result` (a transport failure resolves as a failed `Result`, never rejects). */
  invoke(channel: CommandChannel, request: unknown): Promise<unknown>
  /** Listens for batches pushed by the host; returns the unsubscribe. */
  onBatch(listener: (batch: Batch) => void): () => void
  /** Listens for connection state changes; returns the unsubscribe. */
  onConnection(listener: (state: ConnectionState) => void): () => void
  /** The state right now. */
  connection(): ConnectionState
}

type Listeners = { [E in keyof ApiEvents]: Set<(payload: ApiEvents[E]) => void> }

/**
 * The API a window uses. After a reconnect the last `session:subscribe` is
 * sent again, so the host starts a fresh session with a snapshot. Batches are
 * not acknowledged here: the window sends `session:ack` once it has applied
 * them (a background tab receives messages but draws no frames, and must
 * look stalled to the host rather than pile batches up). A plain object of
 * functions: contextBridge copies own properties only, not a class's prototype.
 */
export function createApi(transport: Transport): EventDeskApi {
  const listeners: Listeners = { batch: new Set(), connection: new Set() }
  let lastSubscribe: CommandRequest<'session:subscribe'> | undefined
  let opened = false

  transport.onBatch((batch) => {
    for (const listener of listeners.batch) safely(listener, batch)
  })
  transport.onConnection((state) => {
    if (state === 'open') {
      if (opened && lastSubscribe !== undefined) void transport.invoke('session:subscribe', lastSubscribe)
      opened = true
    }
    for (const listener of listeners.connection) safely(listener, state)
  })

  return {
    invoke<C extends CommandChannel>(channel: C, request: CommandRequest<C>): Promise<CommandResult<C>> {
      if (channel === 'session:subscribe') lastSubscribe = request as CommandRequest<'session:subscribe'>
      return transport.invoke(channel, request) as Promise<CommandResult<C>>
    },
    on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      const set = listeners[event] as Set<(payload: ApiEvents[E]) => void> | undefined
      if (set === undefined) return () => {}
      set.add(listener)
      // A late listener still learns the current state, not only the next change.
      if (event === 'connection') {
        queueMicrotask(() => {
          if (set.has(listener)) safely(listener, transport.connection() as ApiEvents[E])
        })
      }
      return () => void set.delete(listener)
    },
  }
}

/** One listener's bug must not starve the others. */
function safely<T>(listener: (payload: T) => void, payload: T): void {
  try {
    listener(payload)
  } catch (err) {
    console.error('[api] listener threw', err)
  }
}

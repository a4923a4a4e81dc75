import type { EventDeskApi } from '../shared/contract'

declare global {
  interface Window {
    /** Set by the Electron preload; in a browser the bootstrap builds it over WebSocket. */
    api: EventDeskApi
  }
}

export {}

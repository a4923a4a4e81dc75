import type { EventDeskApi } from '../shared/contract'

declare global {
  interface Window {
    /**
     * Set by the Electron preload. Absent in a browser served by the headless host (the bootstrap then
     * builds the same API over WebSocket), and absent if the preload failed to load: check before use.
     */
    api?: EventDeskApi
  }
}

export {}

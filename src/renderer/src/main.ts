/**
 * Bootstrap: take the bridge the Electron preload exposed, or, in a browser
 * served by the headless host, build the same API over WebSocket. Components
 * only ever see the EventDeskApi provided here.
 */
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import type { EventDeskApi } from '../../shared/contract'
import { createApi } from '../../client/api'
import { createWebSocketTransport } from '../../client/websocket-transport'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { API_KEY, LIVE_STORE_KEY } from './live/inject'
import { LiveStore } from './live/live-store'
import { watchAllContracts } from './live/market-watch'
import { usePreferences } from './stores/preferences'
import './styles/base.css'
import './styles/layout.css'
import './styles/panels.css'

// Under Electron the preload has set `window.api`; served to a browser, nothing has.
const preload = window.api
let closeTransport: (() => void) | undefined
let api: EventDeskApi
if (preload !== undefined) api = preload
else {
  const transport = createWebSocketTransport()
  closeTransport = () => transport.close()
  api = createApi(transport)
}

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(createAppI18n(usePreferences(pinia).locale))
const store = new LiveStore(api)
const stopStore = store.start()
const stopWatching = watchAllContracts(store, api)
app.provide(API_KEY, api)
app.provide(LIVE_STORE_KEY, store)
app.mount('#app')

// Leaving the page releases everything it registered, so the host can drop the session at once.
window.addEventListener('pagehide', () => {
  app.unmount()
  stopWatching()
  stopStore()
  closeTransport?.()
})

/**
 * Bootstrap: take the bridge the Electron preload exposed, or, in a browser
 * served by the headless host, build the same API over WebSocket once the
 * host has accepted the page's token (else show how to sign in). Components
 * only ever see the EventDeskApi provided here.
 */
import { createPinia } from 'pinia'
import { createApp, type Component } from 'vue'
import type { EventDeskApi } from '../../shared/contract'
import { createApi } from '../../client/api'
import { checkSession, watchSignOut } from '../../client/session-check'
import { createWebSocketTransport } from '../../client/websocket-transport'
import App from './App.vue'
import SignInNotice from './components/SignInNotice.vue'
import { createAppI18n } from './i18n'
import { API_KEY, LIVE_STORE_KEY } from './live/inject'
import { LiveStore } from './live/live-store'
import { watchAllContracts } from './live/market-watch'
import { usePreferences } from './stores/preferences'
import './styles/base.css'
import './styles/layout.css'
import './styles/panels.css'

/** A Vue app with the stores and the user's language, for either root. */
function createShell(root: Component) {
  const app = createApp(root)
  const pinia = createPinia()
  app.use(pinia)
  app.use(createAppI18n(usePreferences(pinia).locale))
  return app
}

/** Mounts the desk on `api`; returns what takes it down again (also done when the page is left). */
function startDesk(api: EventDeskApi, closeTransport?: () => void): () => void {
  const app = createShell(App)
  const store = new LiveStore(api)
  const stopStore = store.start()
  const stopWatching = watchAllContracts(store, api)
  app.provide(API_KEY, api)
  app.provide(LIVE_STORE_KEY, store)
  app.mount('#app')

  let mounted = true
  const takeDown = (): void => {
    if (!mounted) return
    mounted = false
    app.unmount()
    stopWatching()
    stopStore()
    closeTransport?.()
  }
  // Leaving the page releases everything it registered, so the host can drop the session at once.
  window.addEventListener('pagehide', takeDown)
  return takeDown
}

/** Served to a browser: ask the host first, so a page without its token says so instead of showing an empty desk. */
async function openServedDesk(): Promise<void> {
  if ((await checkSession()).state === 'signed-out') return void createShell(SignInNotice).mount('#app')
  const transport = createWebSocketTransport()
  const takeDown = startDesk(createApi(transport), () => transport.close())
  // A host restarted with another token: the desk gives way to the same sign-in notice.
  watchSignOut(transport, () => {
    takeDown()
    createShell(SignInNotice).mount('#app')
  })
}

// Under Electron the preload has set `window.api`; served to a browser, nothing has.
const preload = window.api
if (preload !== undefined) startDesk(preload)
else void openServedDesk()

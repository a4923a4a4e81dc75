import { watch } from 'vue'
import type { LiveStore } from './live-store'

/**
 * Calls `callback` each time the window has the desk again: at the first
 * snapshot, and at the first after each outage (so a component subscribes or
 * loads again, and forgets errors the outage caused). With `immediate`, also
 * at once if the window is live already. Stops with the component.
 */
export function onDeskLive(store: LiveStore, callback: () => void, { immediate = false } = {}): void {
  watch(store.live, (live) => live && callback())
  if (immediate && store.live.value) callback()
}

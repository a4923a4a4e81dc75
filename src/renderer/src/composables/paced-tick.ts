import { onBeforeUnmount, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { Tick } from '../../../shared/objects'
import type { LiveStore } from '../live/live-store'

/**
 * The latest tick of one instrument, refreshed at most every `everyMs`: small
 * panels that show one instrument (depth ladder, ticket price) stay live to
 * the eye without restyling and repainting on every frame of a fast feed.
 */
export function usePacedTick(store: LiveStore, vtSymbol: Ref<string>, everyMs = 100): ShallowRef<Tick | undefined> {
  const tick = shallowRef<Tick | undefined>(store.ticks.get(vtSymbol.value))
  let lastShown = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const show = (): void => {
    timer = undefined
    lastShown = performance.now()
    tick.value = store.ticks.get(vtSymbol.value)
  }
  const stop = store.onFrame((changes) => {
    if (timer !== undefined) return
    if (!changes.reset && !changes.tick.some((changed) => changed.vtSymbol === vtSymbol.value)) return
    const wait = everyMs - (performance.now() - lastShown)
    if (wait <= 0) show()
    else timer = setTimeout(show, wait)
  })
  watch(vtSymbol, show)
  onBeforeUnmount(() => {
    stop()
    clearTimeout(timer)
  })
  return tick
}

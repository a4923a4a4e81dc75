import { onBeforeUnmount, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { Tick } from '../../../shared/objects'
import { MARKET_EVERY_MS, type LiveStore } from '../live/live-store'
import { LIVE_REDRAW_MS } from '../monitors/row-conflator'
import { throttle } from './throttle'

/**
 * The latest tick of one instrument, refreshed at most every `everyMs`: small
 * panels that show one instrument (depth ladder, ticket price) stay live to
 * the eye without restyling and repainting on every frame of a fast feed.
 */
export function usePacedTick(
  store: LiveStore,
  vtSymbol: Ref<string>,
  everyMs = LIVE_REDRAW_MS,
): ShallowRef<Tick | undefined> {
  const tick = shallowRef<Tick | undefined>(store.ticks.get(vtSymbol.value))
  // Late by up to one batch of market data: the panel repaints in the frame the data came in.
  const show = throttle(() => (tick.value = store.ticks.get(vtSymbol.value)), everyMs, MARKET_EVERY_MS)
  const stop = store.onFrame((changes) => {
    if (changes.reset || changes.tick.some((changed) => changed.vtSymbol === vtSymbol.value)) show.request()
  })
  watch(vtSymbol, show.flush)
  onBeforeUnmount(() => {
    stop()
    show.cancel()
  })
  return tick
}

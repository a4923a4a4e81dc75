import { defineStore } from 'pinia'
import { reactive, ref, watch } from 'vue'
import { loadJson, removeStored, saveJson } from './storage'

/** Panel sizes of the main window, in pixels. */
export interface PanelSizes {
  /** Width of the left column (ticket, depth, strategies). */
  left: number
  /** Height of the bottom row (logs, accounts, positions). */
  bottom: number
  /** Height of the market table. */
  market: number
  /** Width of the orders/trades column. */
  orders: number
}

export const DEFAULT_SIZES: PanelSizes = { left: 330, bottom: 230, market: 260, orders: 620 }

/** Which tab each tabbed slot shows. */
export interface PanelTabs {
  orders: 'activeOrders' | 'orders'
  centre: 'chart' | 'strategies'
}

export const DEFAULT_TABS: PanelTabs = { orders: 'activeOrders', centre: 'chart' }

interface SavedLayout extends Partial<PanelSizes> {
  tabs?: Partial<PanelTabs>
}

/**
 * How big the panels are and which tab shows; each table's column state is kept
 * by the table itself under `columns:<monitor>`. "Reset layout" clears both.
 */
export const useLayout = defineStore('layout', () => {
  const saved = loadJson<SavedLayout>('layout', {})
  const sizes = reactive<PanelSizes>({ ...DEFAULT_SIZES, ...pickNumbers(saved) })
  const tabs = reactive<PanelTabs>({
    orders: saved.tabs?.orders === 'orders' ? 'orders' : DEFAULT_TABS.orders,
    centre: saved.tabs?.centre === 'strategies' ? 'strategies' : DEFAULT_TABS.centre,
  })
  /** Bumped by reset; tables watch it to drop their column state. */
  const resets = ref(0)

  watch([sizes, tabs], () => saveJson('layout', { ...sizes, tabs: { ...tabs } }))

  function reset(): void {
    Object.assign(sizes, DEFAULT_SIZES)
    Object.assign(tabs, DEFAULT_TABS)
    removeStored('columns:')
    resets.value++
  }

  return { sizes, tabs, resets, reset }
})

function pickNumbers(saved: Partial<PanelSizes>): Partial<PanelSizes> {
  const out: Partial<PanelSizes> = {}
  for (const key of Object.keys(DEFAULT_SIZES) as (keyof PanelSizes)[]) {
    const value = saved[key]
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) out[key] = value
  }
  return out
}

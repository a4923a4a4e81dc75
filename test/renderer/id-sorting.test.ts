/** Issue 14, defect 5: every numeric column sorts as numbers, ids included. */
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import type { GridApi } from 'ag-grid-community'
import { afterEach, describe, expect, it } from 'vitest'
import MonitorGrid from '@renderer/components/MonitorGrid.vue'
import OrdersPanel from '@renderer/components/OrdersPanel.vue'
import { tradesMonitor } from '@renderer/monitors/definitions'
import { gridOf, mountMonitor, order, setup, trade } from './fixtures'

enableAutoUnmount(afterEach)

/** The ids of one column, in display order. */
function column(api: GridApi, colId: string): string[] {
  const out: string[] = []
  api.forEachNodeAfterFilterAndSort((node) => out.push(String(api.getCellValue({ rowNode: node, colKey: colId }))))
  return out
}

describe('ids', () => {
  it("sorts ids as numbers: 9, 10, 14, 100, then the risk check's R1", async () => {
    const env = setup()
    env.snapshot({
      orders: ['10', '100', '14', '9', 'R1'].map((id) => order(id)),
      trades: ['10', '100', '14', '9'].map((id) => trade(id, { orderId: id })),
    })
    const wrapper = mount(OrdersPanel, { global: env.global, attachTo: document.body })
    const trades = mountMonitor(env, tradesMonitor as never, 'Trades')
    await flushPromises()
    const orders = gridOf(wrapper.findAllComponents(MonitorGrid)[1])
    orders.applyColumnState({ state: [{ colId: 'orderId', sort: 'asc' }] })
    expect(column(orders, 'orderId')).toEqual(['9', '10', '14', '100', 'R1'])
    for (const colId of ['tradeId', 'orderId']) {
      gridOf(trades).applyColumnState({ state: [{ colId, sort: 'desc' }], defaultState: { sort: null } })
      expect(column(gridOf(trades), colId)).toEqual(['100', '14', '10', '9'])
    }
  })
})

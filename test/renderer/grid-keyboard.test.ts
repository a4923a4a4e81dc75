/**
 * Issue 14, defect 7: the tables work from the keyboard. Arrow keys move
 * between rows, Enter does what double-click does, and Tab reaches the row's
 * buttons (Cancel, Close, Trade).
 */
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import MonitorGrid from '@renderer/components/MonitorGrid.vue'
import OrderTicket from '@renderer/components/OrderTicket.vue'
import { useDismissableMenus } from '@renderer/composables/dismiss-menus'
import { useEscapeToTicket } from '@renderer/composables/escape-to-ticket'
import { keyboardOptions } from '@renderer/monitors/grid-keyboard'
import { activeOrdersMonitor, marketMonitor } from '@renderer/monitors/definitions'
import type { MonitorDefinition } from '@renderer/monitors/monitor'
import { gridOf, mountMonitor, order, setup, tick } from './fixtures'

enableAutoUnmount(afterEach)

/** Presses a key where the focus is, as the browser would deliver it. */
function press(key: string, options: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options })
  document.activeElement!.dispatchEvent(event)
  return event
}

function focusedLabel(): string | null {
  return document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('col-id') ?? null
}

describe('tables from the keyboard', () => {
  it('moves between rows with the arrow keys and does what double-click does on Enter', async () => {
    const env = setup()
    env.snapshot({ ticks: [tick('IF2412', 3900), tick('IF2501', 3950)] })
    const market = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    const api = gridOf(market)
    api.setFocusedCell(0, 'symbol')
    expect(focusedLabel()).toBe('symbol')
    press('ArrowDown')
    expect(api.getFocusedCell()?.rowIndex).toBe(1)
    env.push({ tick: [tick('IF2501', 3961)] })
    press('Enter')
    expect(market.emitted('activate')).toEqual([
      [expect.objectContaining({ vtSymbol: 'IF2501.CFFEX', lastPrice: 3961 })],
    ])
  })

  it("reaches the row's buttons with Tab and back with Shift+Tab", async () => {
    const env = setup()
    env.snapshot({ orders: [order('1'), order('2')] })
    const orders = mountMonitor(env, activeOrdersMonitor as never, 'Active orders')
    await flushPromises()
    const api = gridOf(orders)
    // Newest first: row 0 is order 2.
    api.setFocusedCell(0, 'symbol')
    const tab = press('Tab')
    expect(tab.defaultPrevented).toBe(true)
    expect(focusedLabel()).toBe('Cancel order IF2412 2')
    // Enter on the button presses it, and only it: the row is not activated as well.
    press('Enter')
    ;(document.activeElement as HTMLButtonElement).click()
    expect(orders.emitted('action')).toEqual([['cancel', expect.objectContaining({ vtOrderId: 'SIM.2' })]])
    expect(orders.emitted('activate')).toBeUndefined()
    press('Tab', { shiftKey: true })
    expect(focusedLabel()).toBe('symbol')
    expect(api.getFocusedCell()?.rowIndex).toBe(0)
  })

  it('lands on the first row when tabbed into, then on the cell focused last', async () => {
    const env = setup()
    env.snapshot({ orders: [order('1'), order('2'), order('3')] })
    const orders = mountMonitor(env, activeOrdersMonitor as never, 'Active orders')
    await flushPromises()
    const api = gridOf(orders)
    const enter = keyboardOptions({ activate: () => undefined }).focusGridInnerElement!
    expect(enter({ api, fromBottom: false } as never)).toBe(true)
    expect(api.getFocusedCell()).toMatchObject({ rowIndex: 0, column: expect.objectContaining({ colId: 'orderId' }) })
    api.setFocusedCell(2, 'price')
    ;(document.activeElement as HTMLElement).blur()
    expect(enter({ api, fromBottom: false } as never)).toBe(true)
    expect(api.getFocusedCell()).toMatchObject({ rowIndex: 2, column: expect.objectContaining({ colId: 'price' }) })
  })

  it('keeps the row buttons out of the page tab order: the table is one stop, its rows are reached with arrows', async () => {
    const env = setup()
    env.snapshot({ orders: [order('1'), order('2'), order('3')] })
    const orders = mountMonitor(env, activeOrdersMonitor as never, 'Active orders')
    await flushPromises()
    const buttons = orders.findAll('button.ed-row-action')
    expect(buttons).toHaveLength(3)
    for (const button of buttons) expect(button.attributes('tabindex')).toBe('-1')
  })
})

describe('Escape', () => {
  const Desk = defineComponent({
    setup() {
      useDismissableMenus()
      useEscapeToTicket()
      return () =>
        h('div', [
          h(OrderTicket),
          h(MonitorGrid, { definition: marketMonitor as unknown as MonitorDefinition, title: 'Market' }),
          h('details', { class: 'menu' }, [h('summary', 'Columns')]),
          h('dialog', [h('button', 'Inside a dialog')]),
        ])
    },
  })

  it('takes the focus back to the ticket, unless a menu or a dialog has it', async () => {
    const env = setup()
    env.snapshot({ ticks: [tick('IF2412', 3900)] })
    const desk = mount(Desk, { global: env.global, attachTo: document.body })
    await flushPromises()
    gridOf(desk.findComponent(MonitorGrid)).setFocusedCell(0, 'lastPrice')
    press('Escape')
    expect(document.activeElement?.id).toBe('ticket-symbol')

    // An open menu closes on Escape, and the focus stays on it.
    const menu = desk.get('details').element as HTMLDetailsElement
    menu.open = true
    ;(menu.querySelector('summary') as HTMLElement).focus()
    press('Escape')
    expect(menu.open).toBe(false)
    expect(document.activeElement?.textContent).toBe('Columns')

    // In a dialog Escape is the dialog's: it closes it.
    const dialog = desk.get('dialog').element as HTMLDialogElement
    dialog.setAttribute('open', '')
    ;(dialog.querySelector('button') as HTMLElement).focus()
    press('Escape')
    expect(document.activeElement?.textContent).toBe('Inside a dialog')
  })
})

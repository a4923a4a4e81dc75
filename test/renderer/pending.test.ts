/**
 * Issue 14, defect 6: a position or account whose fills the last poll does
 * not show yet reads "Pending" until the next poll.
 */
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import MonitorGrid from '@renderer/components/MonitorGrid.vue'
import PositionsPanel from '@renderer/components/PositionsPanel.vue'
import { accountsMonitor } from '@renderer/monitors/definitions'
import type { MonitorDefinition } from '@renderer/monitors/monitor'
import { useTicket } from '@renderer/stores/ticket'
import { account, position, setup } from './fixtures'

enableAutoUnmount(afterEach)

const LONG = 'SIM.IF2412.CFFEX.LONG'
const NONE = { positions: {}, accounts: [] }

function cellText(root: Element, rowId: string, colId: string): string | undefined {
  return root.querySelector(`[row-id="${rowId}"] [col-id="${colId}"]`)?.textContent ?? undefined
}

describe('pending fills', () => {
  it('mark the position and the account until the poll that shows them', async () => {
    const env = setup()
    env.snapshot({ positions: [position('LONG', { volume: 1 })], accounts: [account()] })
    const positions = mount(PositionsPanel, { global: env.global, attachTo: document.body })
    const accounts = mount(MonitorGrid, {
      props: { definition: accountsMonitor as unknown as MonitorDefinition, title: 'Accounts' },
      global: env.global,
      attachTo: document.body,
    })
    await flushPromises()
    expect(cellText(positions.element, LONG, 'pending')).toBe('')
    expect(cellText(accounts.element, 'SIM.A1', 'pending')).toBe('')

    // Two lots fill; the positions and the account are polled seconds later.
    env.push({ unpolled: [{ positions: { [LONG]: 2, 'SIM.IF2412.CFFEX.SHORT': 1 }, accounts: ['SIM.A1'] }] })
    await flushPromises()
    expect(cellText(positions.element, LONG, 'pending')).toBe('Pending +2')
    expect(positions.element.querySelector(`[row-id="${LONG}"] [col-id="pending"]`)!.classList).toContain('ed-pending')
    expect(cellText(accounts.element, 'SIM.A1', 'pending')).toBe('Pending')
    // A side with no row yet: counted in the header.
    expect(positions.get('[role="status"]').text()).toBe('1 position(s) with fills the next poll will show')

    env.push({ position: [position('LONG', { volume: 3 })], account: [account()], unpolled: [NONE] })
    await flushPromises()
    expect(cellText(positions.element, LONG, 'pending')).toBe('')
    expect(cellText(positions.element, LONG, 'quantity')).toBe('3')
    expect(cellText(accounts.element, 'SIM.A1', 'pending')).toBe('')
    expect(positions.find('[role="status"]').exists()).toBe(false)
  })

  it('are known to a window from its snapshot', async () => {
    const env = setup()
    env.snapshot({ positions: [position('LONG')], unpolled: { positions: { [LONG]: -1 }, accounts: [] } })
    const positions = mount(PositionsPanel, { global: env.global, attachTo: document.body })
    await flushPromises()
    expect(cellText(positions.element, LONG, 'pending')).toBe('Pending -1')
  })

  it('Close on the panel pre-fills the ticket from the position as it is now', async () => {
    const env = setup()
    env.snapshot({ positions: [position('LONG', { volume: 1 })] })
    const positions = mount(PositionsPanel, { global: env.global, attachTo: document.body })
    await flushPromises()
    env.push({ position: [position('LONG', { volume: 21 })] })
    await positions.get('button[aria-label="Close Long IF2412.CFFEX"]').trigger('click')
    expect(useTicket()).toMatchObject({ direction: 'SHORT', offset: 'CLOSE', volume: 21 })
  })
})

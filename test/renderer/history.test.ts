import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import OrdersPanel from '@renderer/components/OrdersPanel.vue'
import type { CommandRequest } from '../../src/shared/contract'
import { order, setup } from './fixtures'

enableAutoUnmount(afterEach)

function drawnRows(region: Element): string[] {
  return [...new Set([...region.querySelectorAll('.ag-row[row-id]')].map((row) => row.getAttribute('row-id')!))]
}

describe('orders history', () => {
  it('shows an earlier day from the journal, page by page, and goes back to the live table', async () => {
    const env = setup()
    env.snapshot({ orders: [order('9', { status: 'NOTTRADED' })] })
    env.api.reply('orders:query', (request) => {
      const { cursor } = request as CommandRequest<'orders:query'>
      return cursor === undefined
        ? { ok: true, value: { items: [order('3', { status: 'ALLTRADED' }), order('2')], next: 'c1' } }
        : { ok: true, value: { items: [order('1', { status: 'CANCELLED' })] } }
    })
    const wrapper = mount(OrdersPanel, { global: env.global, attachTo: document.body })
    await flushPromises()
    const all = wrapper.get('[aria-label="Orders"]')
    expect(drawnRows(all.element)).toEqual(['SIM.9'])

    const day = wrapper.get('input[aria-label="Day: Orders"]')
    await day.setValue('2026-11-20')
    await flushPromises()
    const from = new Date('2026-11-20T00:00').getTime()
    expect(env.api.callsTo('orders:query')).toEqual([{ from, to: from + 86_400_000, limit: 500 }])
    expect(drawnRows(all.element)).toEqual(['SIM.3', 'SIM.2'])

    // A live update does not mix into the earlier day.
    env.push({ order: [order('10')] })
    await flushPromises()
    expect(drawnRows(all.element)).toEqual(['SIM.3', 'SIM.2'])

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Older…')!
      .trigger('click')
    await flushPromises()
    expect(env.api.callsTo('orders:query').at(-1)).toMatchObject({ cursor: 'c1' })
    expect(drawnRows(all.element)).toEqual(['SIM.3', 'SIM.2', 'SIM.1'])
    expect(wrapper.findAll('button').some((b) => b.text() === 'Older…')).toBe(false)

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Today, live')!
      .trigger('click')
    await flushPromises()
    expect(drawnRows(all.element).sort()).toEqual(['SIM.10', 'SIM.9'])
  })

  it('says why a day could not be loaded', async () => {
    const env = setup()
    env.snapshot({})
    env.api.reply('orders:query', () => ({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'History is not available' },
    }))
    const wrapper = mount(OrdersPanel, { global: env.global, attachTo: document.body })
    await wrapper.get('input[aria-label="Day: Orders"]').setValue('2026-11-20')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('History is not available')
  })
})

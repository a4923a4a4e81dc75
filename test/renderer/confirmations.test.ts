import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import ConfirmDialog from '@renderer/components/ConfirmDialog.vue'
import OrdersPanel from '@renderer/components/OrdersPanel.vue'
import OrderTicket from '@renderer/components/OrderTicket.vue'
import StrategyCard from '@renderer/components/StrategyCard.vue'
import { useDeskSettings } from '@renderer/stores/desk-settings'
import { DEFAULT_SETTINGS, SETTING_KEYS, type SettingsView } from '../../src/shared/settings'
import type { StrategyState } from '../../src/shared/strategy'
import { contract, order, setup } from './fixtures'

enableAutoUnmount(afterEach)

/** The panel under test beside the window's one ConfirmDialog, as App.vue has them. */
function mountWithPrompt(panel: unknown, env: ReturnType<typeof setup>, props: Record<string, unknown> = {}) {
  const Window = defineComponent(() => () => [h(panel as never, props), h(ConfirmDialog)])
  return mount(Window, { global: env.global, attachTo: document.body })
}

function working(count: number) {
  return Array.from({ length: count }, (_, i) => order(String(i + 1)))
}

/** The desk's settings, as settings:get would answer, with the confirmations as given. */
function deskSaysConfirm(cancelAll: boolean, removeStrategy: boolean): void {
  useDeskSettings().view = {
    values: { ...DEFAULT_SETTINGS, 'confirm.cancelAll': cancelAll, 'confirm.removeStrategy': removeStrategy },
    sources: Object.fromEntries(SETTING_KEYS.map((key) => [key, 'file'])),
    saved: true,
  } as SettingsView
}

const button = (name: string): HTMLButtonElement | undefined =>
  [...document.querySelectorAll('button')].find((element) => element.textContent?.trim() === name)

describe('Cancel all', () => {
  it('asks first, in a dialog whose confirm button names how many orders it cancels; Keep them cancels nothing', async () => {
    const env = setup()
    env.snapshot({ orders: [...working(7), order('8', { status: 'ALLTRADED' })] })
    env.api.reply('order:cancelAll', () => ({ ok: true, value: { cancelled: 7 } }))
    mountWithPrompt(OrdersPanel, env)
    button('Cancel all')!.click()
    await flushPromises()
    const dialog = document.querySelector('dialog[open]')!
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe(
      'Cancel all working orders?',
    )
    expect(dialog.textContent).toContain('This cancels all 7 working orders on this desk')
    expect(button('Cancel 7 orders')).toBeDefined()
    // The harmless button has the focus: a stray Enter cancels nothing.
    expect(document.activeElement).toBe(button('Keep them'))
    button('Keep them')!.click()
    await flushPromises()
    expect(document.querySelector('dialog[open]')).toBeNull()
    expect(env.api.callsTo('order:cancelAll')).toEqual([])

    button('Cancel all')!.click()
    await flushPromises()
    button('Cancel 7 orders')!.click()
    await flushPromises()
    expect(env.api.callsTo('order:cancelAll')).toEqual([{}])
    expect(document.querySelector('dialog[open]')).toBeNull()
  })

  it('from the ticket too; Escape is the same as Keep them', async () => {
    const env = setup()
    env.snapshot({ contracts: [contract('IF2412')], orders: working(1) })
    mountWithPrompt(OrderTicket, env)
    button('Cancel all')!.click()
    await flushPromises()
    expect(button('Cancel 1 order')).toBeDefined()
    document.querySelector('dialog[open]')!.dispatchEvent(new Event('cancel', { cancelable: true }))
    await flushPromises()
    expect(document.querySelector('dialog[open]')).toBeNull()
    expect(env.api.callsTo('order:cancelAll')).toEqual([])
  })

  it('cancels at once when the desk has the prompt off, or when nothing is working', async () => {
    const env = setup()
    env.snapshot({ orders: working(3) })
    mountWithPrompt(OrdersPanel, env)
    deskSaysConfirm(false, true)
    button('Cancel all')!.click()
    await flushPromises()
    expect(document.querySelector('dialog[open]')).toBeNull()
    expect(env.api.callsTo('order:cancelAll')).toHaveLength(1)

    deskSaysConfirm(true, true)
    env.push({ order: working(3).map((item) => ({ ...item, status: 'CANCELLED' as const })) })
    button('Cancel all')!.click()
    await flushPromises()
    expect(document.querySelector('dialog[open]')).toBeNull()
    expect(env.api.callsTo('order:cancelAll')).toHaveLength(2)
  })
})

describe('Remove strategy', () => {
  const stopped: StrategyState = {
    strategyName: 'grid_demo',
    className: 'GridStrategy',
    vtSymbol: 'IF2612.CFFEX',
    status: 'stopped',
    parameters: {},
    variables: {},
  }

  it('asks first with a button that names the strategy, and can be turned off', async () => {
    const env = setup()
    env.snapshot({ strategies: [stopped] })
    mountWithPrompt(StrategyCard, env, { strategy: stopped, classInfo: undefined })
    document.querySelector<HTMLButtonElement>('button[aria-label="Remove grid_demo"]')!.click()
    await flushPromises()
    expect(button('Keep grid_demo')).toBeDefined()
    button('Remove grid_demo')!.click()
    await flushPromises()
    expect(env.api.callsTo('strategy:remove')).toEqual([{ strategyName: 'grid_demo' }])

    deskSaysConfirm(true, false)
    document.querySelector<HTMLButtonElement>('button[aria-label="Remove grid_demo"]')!.click()
    await flushPromises()
    expect(document.querySelector('dialog[open]')).toBeNull()
    expect(env.api.callsTo('strategy:remove')).toHaveLength(2)
  })
})

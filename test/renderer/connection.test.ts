/**
 * Issue 14, defects 2 and 3: a lost host cannot be missed, and the window
 * recovers from it without a reload.
 */
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import ConnectionBanner from '@renderer/components/ConnectionBanner.vue'
import GatewayMenu from '@renderer/components/GatewayMenu.vue'
import OrderTicket from '@renderer/components/OrderTicket.vue'
import StatusBar from '@renderer/components/StatusBar.vue'
import StrategyManager from '@renderer/components/StrategyManager.vue'
import { watchAllContracts } from '@renderer/live/market-watch'
import { contract, setup, tick } from './fixtures'

enableAutoUnmount(afterEach)

const SIM_CONNECTED = { gatewayName: 'SIM', state: 'connected', time: 0 } as const

describe('the live store across an outage', () => {
  it('is live once a snapshot is applied, not while the host is away, and counts each recovery', () => {
    const env = setup()
    expect(env.store.live.value).toBe(false)
    env.snapshot({ ticks: [tick('IF2412', 3900)] })
    expect(env.store.live.value).toBe(true)
    env.api.connect('closed')
    expect(env.store.live.value).toBe(false)
    env.api.connect('connecting')
    env.api.connect('open')
    // Open is not enough: the data is still the outage's until the host's snapshot is applied.
    expect(env.store.live.value).toBe(false)
    expect(env.store.resumed.value).toBe(0)
    env.snapshot({ ticks: [tick('IF2412', 3911)] })
    expect(env.store.live.value).toBe(true)
    expect(env.store.resumed.value).toBe(1)
    // A resync within a session is not a recovery.
    env.snapshot({ ticks: [tick('IF2412', 3912)] })
    expect(env.store.resumed.value).toBe(1)
  })

  it('tells a new run of the desk from a reconnect to the same one', () => {
    const env = setup()
    env.snapshot({ hostSessionId: 'run-1' })
    env.api.connect('closed')
    env.api.connect('open')
    env.snapshot({ hostSessionId: 'run-1' })
    expect(env.store.deskRestarts.value).toBe(0)
    env.api.connect('closed')
    env.api.connect('open')
    env.snapshot({ hostSessionId: 'run-2' })
    expect(env.store.deskRestarts.value).toBe(1)
    expect(env.store.resumed.value).toBe(2)
  })

  it('subscribes the market data again when a restarted host sends a snapshot without ticks', () => {
    const env = setup()
    watchAllContracts(env.store, env.api)
    env.snapshot({ contracts: [contract('IF2412'), contract('IF2501')] })
    expect(env.api.callsTo('market:subscribe')).toEqual([{ vtSymbols: ['IF2412.CFFEX', 'IF2501.CFFEX'] }])
    env.push({ tick: [tick('IF2412', 3900), tick('IF2501', 3950)] })
    env.api.connect('closed')
    env.api.connect('open')
    env.snapshot({ contracts: [contract('IF2412'), contract('IF2501')] })
    expect(env.api.callsTo('market:subscribe')).toHaveLength(2)
    expect(env.api.callsTo('market:subscribe')[1]).toEqual({ vtSymbols: ['IF2412.CFFEX', 'IF2501.CFFEX'] })
  })
})

describe('while the host is away', () => {
  it('says so across the desk, and that it reconnects', async () => {
    const env = setup()
    const banner = mount(ConnectionBanner, { global: env.global })
    expect(banner.text()).toBe('Connecting to the desk…')
    env.snapshot()
    await flushPromises()
    expect(banner.text()).toBe('')
    env.api.connect('closed')
    await flushPromises()
    expect(banner.get('[role="alert"]').text()).toBe('Disconnected from the desk — reconnecting…')
    env.api.connect('open')
    env.snapshot()
    await flushPromises()
    expect(banner.find('[role="alert"]').exists()).toBe(false)
  })

  it('says once that the desk came back as a new run, until dismissed', async () => {
    const env = setup()
    env.snapshot({ hostSessionId: 'run-1' })
    const banner = mount(ConnectionBanner, { global: env.global })
    env.api.connect('closed')
    env.api.connect('open')
    env.snapshot({ hostSessionId: 'run-2' })
    await flushPromises()
    expect(banner.get('[role="status"]').text()).toMatch(/^The desk restarted: what it shows now is its new run/)
    await banner.get('button').trigger('click')
    expect(banner.text()).toBe('')
    // Reconnecting to that same run says nothing more.
    env.api.connect('closed')
    env.api.connect('open')
    env.snapshot({ hostSessionId: 'run-2' })
    await flushPromises()
    expect(banner.text()).toBe('')
  })

  it('shows every gateway as unknown, the feed as stale, and offers no gateway commands', async () => {
    const env = setup()
    env.snapshot({ gateways: [SIM_CONNECTED] })
    env.push({ tick: [tick('IF2412', 3900)] })
    const status = mount(StatusBar, { global: env.global })
    const menu = mount(GatewayMenu, { global: env.global })
    await flushPromises()
    expect(status.text()).toContain('Gateway SIM: Connected')
    expect(status.text()).not.toContain('stale')
    env.api.connect('closed')
    await flushPromises()
    expect(status.text()).toContain('Gateway SIM: Unknown')
    expect(status.text()).not.toContain('Connected')
    // The feed's last tick is no news of the market while the host is away.
    expect(status.text()).toMatch(/SIM last tick .* \(stale\)/)
    expect(menu.findAll('button').every((button) => button.attributes('disabled') !== undefined)).toBe(true)
  })

  it('disables Send order and says why; errors from the outage go when the host is back', async () => {
    const env = setup()
    env.snapshot({ contracts: [contract('IF2412')], ticks: [tick('IF2412', 3900)] })
    const ticket = mount(OrderTicket, { global: env.global, attachTo: document.body })
    await flushPromises()
    await ticket.get('#ticket-symbol').setValue('IF2412.CFFEX')
    env.api.connect('closed')
    await flushPromises()
    const send = ticket.get('button[type="submit"]')
    expect(send.attributes('disabled')).toBeDefined()
    const reason = ticket.get(`#${send.attributes('aria-describedby')}`)
    expect(reason.text()).toBe('Not connected to the desk: orders cannot be sent until it is back.')
    await ticket.get('form').trigger('submit')
    expect(env.api.callsTo('order:send')).toEqual([])

    // Cancel all was tried meanwhile and failed, as the transport answers while it is down.
    env.api.reply('order:cancelAll', () => ({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'Not connected to the host' },
    }))
    await ticket
      .findAll('button')
      .find((button) => button.text() === 'Cancel all')!
      .trigger('click')
    await flushPromises()
    expect(ticket.get('[role="alert"]').text()).toBe('Not sent: Not connected to the host')

    env.api.connect('open')
    env.snapshot({ contracts: [contract('IF2412')], ticks: [tick('IF2412', 3900)] })
    await flushPromises()
    expect(ticket.get('button[type="submit"]').attributes('disabled')).toBeUndefined()
    expect(ticket.find('[role="alert"]').exists()).toBe(false)
  })

  it('reloads the strategy classes when the host is back, and forgets the error the outage caused', async () => {
    const env = setup()
    env.snapshot()
    // The page asked as the host went away.
    env.api.reply('strategy:classes', () => ({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'Connection to the host was lost' },
    }))
    const manager = mount(StrategyManager, { global: env.global })
    env.api.connect('closed')
    await flushPromises()
    expect(manager.get('[role="alert"]').text()).toBe('Connection to the host was lost')
    env.api.reply('strategy:classes', () => ({
      ok: true,
      value: {
        classes: [{ className: 'GridStrategy', source: 'builtin', description: '', parameters: [], variables: [] }],
        loadErrors: [],
      },
    }))
    env.api.connect('open')
    env.snapshot()
    await flushPromises()
    expect(manager.find('[role="alert"]').exists()).toBe(false)
    expect(manager.findAll('button').some((button) => button.text() === 'Add strategy')).toBe(true)
  })
})

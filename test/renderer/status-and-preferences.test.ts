import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import GatewayMenu from '@renderer/components/GatewayMenu.vue'
import StatusBar from '@renderer/components/StatusBar.vue'
import { DEFAULT_SIZES, useLayout } from '@renderer/stores/layout'
import { usePreferences } from '@renderer/stores/preferences'
import { PROTOCOL_VERSION } from '../../src/shared/protocol'
import { emptySnapshot } from '../shared/fixtures'
import { setup, tick } from './fixtures'

enableAutoUnmount(afterEach)
afterEach(() => vi.useRealTimers())

const metrics = (depth: number, total: number) => ({
  lanes: [
    { name: 'urgent', depth: 1, highWater: 2 },
    { name: 'market', depth, highWater: depth },
  ],
  dispatched: {},
  dispatchedTotal: total,
  handlerErrors: 0,
  handlerCount: 12,
  longestSliceMs: 1,
  timer: { count: 1, maxLateMs: 0, lastLateMs: 0 },
})

describe('status bar', () => {
  it('shows gateway state, queue depth, events per second and the age of each feed, flagging a stale one', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    vi.setSystemTime(10_000)
    const env = setup({ now: () => Date.now() })
    env.snapshot({ gateways: [{ gatewayName: 'SIM', state: 'connected', time: 0 }] })
    env.push({ tick: [tick('IF2412', 3900)], metrics: [metrics(4, 1000)] })
    vi.setSystemTime(11_000)
    env.push({ metrics: [metrics(6, 3500)] })
    const wrapper = mount(StatusBar, { global: env.global })
    await flushPromises()
    expect(wrapper.attributes('aria-label')).toBe('Status')
    expect(wrapper.text()).toContain('Gateway SIM: Connected')
    expect(wrapper.text()).toContain('Queue 7')
    expect(wrapper.text()).toContain('2,500 events/s')
    expect(wrapper.text()).toContain('SIM last tick 1.0 s')
    expect(wrapper.text()).not.toContain('stale')

    vi.setSystemTime(19_500)
    vi.advanceTimersByTime(500) // the clock the ages tick over with
    await flushPromises()
    expect(wrapper.text()).toContain('SIM last tick 10 s (stale)')

    env.push({ gateway: [{ gatewayName: 'SIM', state: 'reconnecting', time: 1 }] })
    await flushPromises()
    expect(wrapper.text()).toContain('Gateway SIM: Reconnecting')
  })

  it('shows a journal that cannot write, and stops once it writes again', async () => {
    const env = setup()
    env.snapshot({})
    const wrapper = mount(StatusBar, { global: env.global })
    env.push({ metrics: [{ ...metrics(0, 1), journal: { state: 'ok', path: '/data/journal.sqlite', lost: 0 } }] })
    await flushPromises()
    expect(wrapper.text()).not.toContain('Journal')
    const failing = {
      state: 'failing',
      path: '/data/journal.sqlite',
      message: 'database or disk is full',
      lost: 0,
    } as const
    env.push({ metrics: [{ ...metrics(0, 2), journal: failing }] })
    await flushPromises()
    expect(wrapper.text()).toContain('Journal failing: database or disk is full')
    env.push({ metrics: [{ ...metrics(0, 3), journal: { state: 'ok', path: '/data/journal.sqlite', lost: 0 } }] })
    await flushPromises()
    expect(wrapper.text()).not.toContain('Journal')
  })
})

describe('status bar, host of another protocol version', () => {
  it('says the host cannot be read and nothing from it is shown, in the chosen language', async () => {
    const env = setup()
    env.api.push({ seq: 1, snapshot: emptySnapshot({ protocolVersion: PROTOCOL_VERSION + 1 }), items: {} })
    env.frames.run()
    const wrapper = mount(StatusBar, { global: env.global })
    await flushPromises()
    const alert = wrapper.get('[role="alert"]')
    expect(alert.text()).toBe(
      `The host speaks protocol version ${PROTOCOL_VERSION + 1}, this page version ${PROTOCOL_VERSION}: ` +
        'nothing from the host is shown. Reload the page.',
    )
    env.i18n.global.locale.value = 'zh-CN'
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain(`主机的协议版本为 ${PROTOCOL_VERSION + 1}`)

    env.api.push({ seq: 1, snapshot: emptySnapshot(), items: {} })
    env.frames.run()
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
})

describe('gateway menu', () => {
  it('connects and disconnects the simulated gateway', async () => {
    const env = setup()
    env.snapshot({ gateways: [{ gatewayName: 'SIM', state: 'disconnected', time: 0 }] })
    const wrapper = mount(GatewayMenu, { global: env.global, attachTo: document.body })
    const connect = wrapper.findAll('button').find((b) => b.text() === 'Connect SIM')!
    const disconnect = wrapper.findAll('button').find((b) => b.text() === 'Disconnect SIM')!
    expect(disconnect.attributes('disabled')).toBeDefined()
    // Connect opens the gateway's settings form (connect-dialog.test.ts); its Connect sends them.
    env.api.reply('gateway:settings', () => ({
      ok: true,
      value: { gatewayName: 'SIM', fields: [], values: {}, remembered: false },
    }))
    await connect.trigger('click')
    await flushPromises()
    await wrapper.get('dialog form').trigger('submit')
    await flushPromises()
    expect(env.api.callsTo('gateway:connect')).toEqual([{ gatewayName: 'SIM', setting: {} }])
    env.push({ gateway: [{ gatewayName: 'SIM', state: 'connected', time: 1 }] })
    await flushPromises()
    await disconnect.trigger('click')
    expect(env.api.callsTo('gateway:disconnect')).toEqual([{ gatewayName: 'SIM' }])
  })
})

describe('preferences and layout', () => {
  it('default the up colour from the language and persist every choice', async () => {
    localStorage.clear()
    setActivePinia(createPinia())
    const preferences = usePreferences()
    expect([preferences.theme, preferences.locale, preferences.upColour]).toEqual(['dark', 'en', 'green-up'])
    expect(preferences.flashChanges).toBe(true)
    preferences.locale = 'zh-CN'
    expect(preferences.upColour).toBe('red-up')
    preferences.upColourChoice = 'green-up'
    preferences.theme = 'light'
    preferences.flashChanges = false
    await flushPromises()

    setActivePinia(createPinia())
    const restored = usePreferences()
    expect([restored.theme, restored.locale, restored.upColour]).toEqual(['light', 'zh-CN', 'green-up'])
    expect(restored.flashChanges).toBe(false)
  })

  it('persist panel sizes and reset them', async () => {
    localStorage.clear()
    setActivePinia(createPinia())
    const layout = useLayout()
    layout.sizes.left = 400
    await flushPromises()
    setActivePinia(createPinia())
    const restored = useLayout()
    expect(restored.sizes.left).toBe(400)
    localStorage.setItem('eventdesk:columns:market', '[]')
    restored.reset()
    expect({ ...restored.sizes }).toEqual(DEFAULT_SIZES)
    expect(localStorage.getItem('eventdesk:columns:market')).toBeNull()
  })
})

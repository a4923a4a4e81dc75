import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import GatewayMenu from '@renderer/components/GatewayMenu.vue'
import type { GatewayConnectForm } from '../../src/shared/gateway-settings'
import { hostMessage } from '../../src/shared/messages'
import { setup } from './fixtures'

enableAutoUnmount(afterEach)

const FORM: GatewayConnectForm = {
  gatewayName: 'SIM',
  fields: [
    { key: 'tickRate', kind: 'number', min: 0.1, max: 10_000, unit: 'ticks/s', description: 'host words' },
    { key: 'latencyMs', kind: 'number', integer: true, min: 0, max: 10_000, unit: 'ms', description: 'host words' },
    { key: 'seed', kind: 'number', integer: true, min: 0, max: 4_294_967_295, description: 'host words' },
    { key: 'region', kind: 'text', description: 'Where a later gateway connects' },
  ],
  values: { tickRate: 5, latencyMs: 0, seed: 20261126, region: 'sh' },
  remembered: true,
}

async function openDialog(locale: 'en' | 'zh-CN' = 'en') {
  const env = setup()
  env.i18n.global.locale.value = locale
  env.snapshot({ gateways: [{ gatewayName: 'SIM', state: 'disconnected', time: 0 }] })
  env.api.reply('gateway:settings', () => ({ ok: true, value: FORM }))
  const wrapper = mount(GatewayMenu, { global: env.global, attachTo: document.body })
  await wrapper.get('summary').trigger('click')
  const connect = wrapper.findAll('button').find((b) => /SIM/.test(b.text()))!
  await connect.trigger('click')
  await flushPromises()
  return { env, wrapper }
}

const field = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (element === undefined) throw new Error(`no field labelled ${label}`)
  return wrapper.get(`#${element.attributes('for')}`)
}

describe('the Connect dialog', () => {
  it('opens from the Gateway menu as a dialog named for the gateway, its form filled with the setting to start from', async () => {
    const { env, wrapper } = await openDialog()
    const dialog = wrapper.get('dialog')
    expect((dialog.element as HTMLDialogElement).open).toBe(true)
    expect(wrapper.get(`#${dialog.attributes('aria-labelledby')}`).text()).toBe('Connect SIM')
    expect(env.api.callsTo('gateway:settings')).toEqual([{ gatewayName: 'SIM' }])
    expect((field(wrapper, 'Tick rate').element as HTMLInputElement).value).toBe('5')
    expect((field(wrapper, 'Latency').element as HTMLInputElement).value).toBe('0')
    expect((field(wrapper, 'Seed').element as HTMLInputElement).value).toBe('20261126')
    // A field the window has no words for shows the gateway's key and description.
    expect((field(wrapper, 'region').element as HTMLInputElement).value).toBe('sh')
    expect(dialog.text()).toContain('Where a later gateway connects')
    expect(dialog.text()).toContain('Remembered for the next start.')
  })

  it('closes on Escape and gives focus back to the Gateway menu', async () => {
    const { wrapper } = await openDialog()
    wrapper.get('dialog').element.dispatchEvent(new Event('cancel', { cancelable: true }))
    await flushPromises()
    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('summary').element)
  })

  it('checks the fields with the host’s rules before sending, then connects with what was typed and closes', async () => {
    const { env, wrapper } = await openDialog()
    await field(wrapper, 'Tick rate').setValue('0')
    await field(wrapper, 'Latency').setValue('2.5')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(env.api.callsTo('gateway:connect')).toEqual([])
    expect(wrapper.text()).toContain('Tick rate must be at least 0.1')
    expect(wrapper.text()).toContain('Latency must be a whole number')
    expect(field(wrapper, 'Tick rate').attributes('aria-invalid')).toBe('true')

    await field(wrapper, 'Tick rate').setValue('20')
    await field(wrapper, 'Latency').setValue('150')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(env.api.callsTo('gateway:connect')).toEqual([
      { gatewayName: 'SIM', setting: { tickRate: 20, latencyMs: 150, seed: 20261126, region: 'sh' } },
    ])
    expect(wrapper.find('dialog').exists()).toBe(false)
  })

  it('puts the host’s refusal under the field it names, in the user’s language', async () => {
    const { env, wrapper } = await openDialog('zh-CN')
    expect(wrapper.get('dialog').text()).toContain('连接 SIM')
    env.api.reply('gateway:connect', () => ({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'latencyMs must be at most 10000',
        field: 'setting.latencyMs',
        detail: hostMessage('setting.aboveMax', { key: 'latencyMs', max: 10_000 }),
      },
    }))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('dialog').exists()).toBe(true)
    expect(wrapper.text()).toContain('延迟 不能大于 10,000')
    expect(field(wrapper, '延迟').attributes('aria-invalid')).toBe('true')
  })
})

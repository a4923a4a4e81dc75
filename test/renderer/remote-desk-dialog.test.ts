/**
 * The Gateway menu's "Connect remote desk": URL, desk name and login checked
 * in the page, `gateway:addRemote` sent, the desk's refusal under its field;
 * the desks mirrored here listed with their secrets hidden, each removable.
 */
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import GatewayMenu from '@renderer/components/GatewayMenu.vue'
import type { RemoteDeskView } from '../../src/shared/contract'
import { setup } from './fixtures'

enableAutoUnmount(afterEach)

async function openDialog(remotes: RemoteDeskView[] = [], locale: 'en' | 'zh-CN' = 'en') {
  const env = setup()
  env.i18n.global.locale.value = locale
  env.snapshot({ gateways: [{ gatewayName: 'SIM', state: 'connected', time: 0 }] })
  let listed = remotes
  env.api.reply('gateway:remotes', () => ({ ok: true, value: listed }))
  env.api.reply('gateway:removeRemote', (request) => {
    listed = listed.filter((remote) => remote.desk !== (request as { desk: string }).desk)
    return { ok: true, value: null }
  })
  const wrapper = mount(GatewayMenu, { global: env.global, attachTo: document.body })
  await wrapper.get('summary').trigger('click')
  const entry = wrapper.findAll('button').find((b) => /remote desk|远程桌面/.test(b.text()))!
  await entry.trigger('click')
  await flushPromises()
  return { env, wrapper }
}

const field = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (element === undefined) throw new Error(`no field labelled ${label}`)
  return wrapper.get<HTMLInputElement>(`#${element.attributes('for')}`)
}

const submit = async (wrapper: VueWrapper) => {
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

describe('the Connect remote desk dialog', () => {
  it('opens from the Gateway menu and mirrors a desk with a user and password', async () => {
    const { env, wrapper } = await openDialog()
    const dialog = wrapper.get('dialog')
    expect((dialog.element as HTMLDialogElement).open).toBe(true)
    expect(wrapper.get(`#${dialog.attributes('aria-labelledby')}`).text()).toBe('Connect remote desk')
    await field(wrapper, 'Server URL').setValue('nats://bus:4222')
    await field(wrapper, 'Desk name').setValue('alpha')
    await field(wrapper, 'Login').setValue('user')
    await field(wrapper, 'User').setValue('alice')
    await field(wrapper, 'Password').setValue('horse-battery')
    expect(field(wrapper, 'Password').attributes('type')).toBe('password')
    await submit(wrapper)
    expect(env.api.callsTo('gateway:addRemote')).toEqual([
      { url: 'nats://bus:4222', desk: 'alpha', user: 'alice', password: 'horse-battery' },
    ])
    expect(wrapper.find('dialog').exists()).toBe(false)
  })

  it('logs in with an NKey seed file, and asks for a CA only for a tls:// address', async () => {
    const { env, wrapper } = await openDialog()
    await field(wrapper, 'Server URL').setValue('nats://bus:4222')
    await field(wrapper, 'Desk name').setValue('alpha')
    await field(wrapper, 'Login').setValue('nkey')
    expect(wrapper.findAll('label').map((l) => l.text())).not.toContain('CA certificate')
    await submit(wrapper)
    expect(wrapper.get('#remote-desk-nkeySeedFile-error').text()).toBe('Required')

    await field(wrapper, 'NKey seed file').setValue(' /etc/eventdesk/desk.nk ')
    expect(field(wrapper, 'NKey seed file').attributes('type')).toBe('text')
    await field(wrapper, 'Server URL').setValue('tls://bus:4222')
    // Optional: left empty, the system's CAs.
    expect(field(wrapper, 'CA certificate').element.value).toBe('')
    await field(wrapper, 'CA certificate').setValue('/etc/eventdesk/ca.pem')
    await submit(wrapper)
    expect(env.api.callsTo('gateway:addRemote')).toEqual([
      { url: 'tls://bus:4222', desk: 'alpha', nkeySeedFile: '/etc/eventdesk/desk.nk', caFile: '/etc/eventdesk/ca.pem' },
    ])
  })

  it('checks the fields in the page and sends nothing while one is wrong', async () => {
    const { env, wrapper } = await openDialog()
    await submit(wrapper)
    expect(wrapper.get('#remote-desk-url-error').text()).toBe('Required')
    expect(wrapper.get('#remote-desk-desk-error').text()).toBe('Required')
    await field(wrapper, 'Server URL').setValue('http://bus:4222')
    await field(wrapper, 'Desk name').setValue('a.b')
    await field(wrapper, 'Login').setValue('token')
    await submit(wrapper)
    expect(wrapper.get('#remote-desk-url-error').text()).toBe('Must start with nats:// or tls://')
    expect(wrapper.get('#remote-desk-desk-error').text()).toBe('Must be 1–64 letters, digits, _ or -')
    expect(wrapper.get('#remote-desk-token-error').text()).toBe('Required')
    expect(field(wrapper, 'Desk name').attributes('aria-invalid')).toBe('true')
    await field(wrapper, 'Server URL').setValue('nats://alice:pw@bus:4222')
    await submit(wrapper)
    expect(wrapper.get('#remote-desk-url-error').text()).toBe('Put the login in its own fields, not in the URL')
    expect(env.api.callsTo('gateway:addRemote')).toEqual([])
  })

  it("shows the desk's refusal under its field, and stays open", async () => {
    const { env, wrapper } = await openDialog()
    env.api.reply('gateway:addRemote', () => ({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'A gateway named SIM exists already', field: 'desk' },
    }))
    await field(wrapper, 'Server URL').setValue('tls://bus:4222')
    await field(wrapper, 'Desk name').setValue('SIM')
    await submit(wrapper)
    expect(wrapper.get('#remote-desk-desk-error').text()).toBe('A gateway named SIM exists already')
    expect(wrapper.find('dialog').exists()).toBe(true)
  })

  it('lists the desks mirrored here with their secrets hidden, and removes one', async () => {
    const { env, wrapper } = await openDialog([
      { desk: 'alpha', url: 'nats://alice:•••@bus:4222', remembered: true },
      { desk: 'beta', url: 'nats://bus:4222', remembered: false },
    ])
    const list = wrapper.get('.mirrored')
    expect(list.text()).toContain('nats://alice:•••@bus:4222')
    expect(list.text()).toContain('connected again at the next start')
    expect(list.text()).toContain('until the desk closes')
    await list
      .findAll('button')
      .find((b) => b.text() === 'Remove alpha')!
      .trigger('click')
    await flushPromises()
    expect(env.api.callsTo('gateway:removeRemote')).toEqual([{ desk: 'alpha' }])
    expect(wrapper.get('.mirrored').text()).not.toContain('alpha')
  })

  it('reads in Chinese', async () => {
    const { wrapper } = await openDialog([], 'zh-CN')
    expect(wrapper.text()).toContain('连接远程桌面')
    expect(field(wrapper, '服务器地址').element.tagName).toBe('INPUT')
    expect(wrapper.text()).toContain('尚未镜像任何远程桌面')
  })
})

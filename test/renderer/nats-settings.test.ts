/**
 * The Settings dialog's "Publish on NATS" group: filled from the desk with
 * the password hidden, checked in the page by the desk's rules, applied as
 * one change, the desk's refusal under its field, fixed by --nats when the
 * host was started so.
 */
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import SettingsDialog from '@renderer/components/SettingsDialog.vue'
import type { SettingsView } from '../../src/shared/settings'
import { setup } from './fixtures'
import { fakeDesk, settingsView } from './settings-fixtures'

enableAutoUnmount(afterEach)

async function mountNats(view: SettingsView, locale: 'en' | 'zh-CN' = 'en') {
  const env = setup()
  env.i18n.global.locale.value = locale
  fakeDesk(env, view)
  const wrapper = mount(SettingsDialog, { global: env.global, attachTo: document.body })
  await flushPromises()
  const title = wrapper.findAll('h3').find((h) => h.text() === (locale === 'en' ? 'Publish on NATS' : '发布到 NATS'))
  if (title === undefined) throw new Error('no NATS section')
  const section = wrapper.get(`section[aria-labelledby="${title.attributes('id')}"]`)
  const field = (label: string) => {
    const found = section.findAll('label').find((element) => element.text() === label)
    if (found === undefined) throw new Error(`no label ${label}`)
    return section.get<HTMLInputElement>(`#${found.attributes('for')}`)
  }
  const apply = async () => {
    await section.get('form').trigger('submit')
    await flushPromises()
  }
  return { env, wrapper, section, field, apply }
}

describe('Publish on NATS in Settings', () => {
  it('publishes the desk with the URL, name and retention typed, as one change', async () => {
    const { env, section, field, apply } = await mountNats(settingsView())
    expect(field('Publish this desk on NATS').element.checked).toBe(false)
    expect(field('Stream keeps').element.value).toBe('7')
    expect(field('Stream size').element.value).toBe('1024')
    await field('Publish this desk on NATS').setValue(true)
    await field('Server URL').setValue('nats://alice:pw@bus:4222')
    await field('Desk name').setValue('alpha')
    await field('Stream keeps').setValue('2')
    await apply()
    expect(env.api.callsTo('settings:change')).toEqual([
      {
        changes: {
          'nats.publish': true,
          'nats.url': 'nats://alice:pw@bus:4222',
          'nats.desk': 'alpha',
          'nats.streamDays': 2,
        },
      },
    ])
    expect(section.get('[role="status"]').text()).toBe('Applied: the desk is published with these settings.')
  })

  it('refuses in the page what the desk would refuse, each under its field, and sends nothing', async () => {
    const { env, section, field, apply } = await mountNats(settingsView())
    await field('Publish this desk on NATS').setValue(true)
    await apply()
    expect(section.text()).toContain('Required to publish')
    await field('Server URL').setValue('http://bus:4222')
    await field('Desk name').setValue('IF2612.CFFEX')
    await field('Stream size').setValue('0')
    await apply()
    expect(section.get('#setting-nats-url-error').text()).toBe('Must start with nats:// or tls://')
    expect(section.get('#setting-nats-desk-error').text()).toBe('Must be 1–64 letters, digits, _ or -')
    expect(section.get('#setting-nats-streamMb-error').text()).toBe('Must be at least 1')
    expect(field('Server URL').attributes('aria-invalid')).toBe('true')
    expect(env.api.callsTo('settings:change')).toEqual([])
  })

  it('shows a stored password hidden, and sends the hidden form back when only the host changes', async () => {
    const view = settingsView({ 'nats.publish': true, 'nats.url': 'nats://alice:•••@bus:4222', 'nats.desk': 'alpha' })
    const { env, section, field, apply } = await mountNats(view)
    expect(field('Server URL').element.value).toBe('nats://alice:•••@bus:4222')
    expect(section.text()).toContain('leave it as shown to keep it')
    await field('Server URL').setValue('nats://alice:•••@bus2:4222')
    await apply()
    expect(env.api.callsTo('settings:change')).toEqual([{ changes: { 'nats.url': 'nats://alice:•••@bus2:4222' } }])
  })

  it("puts the desk's refusal under its field", async () => {
    const { env, section, field, apply } = await mountNats(settingsView())
    env.api.reply('settings:change', () => ({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'nats.caFile must be a readable file; /nope is not one',
        field: 'changes.nats.caFile',
      },
    }))
    await field('CA certificate').setValue('/nope')
    await apply()
    expect(section.get('#setting-nats-caFile-error').text()).toContain('/nope is not one')
  })

  it('is fixed when the host was started with --nats, and reads in Chinese', async () => {
    const pinned = { 'nats.publish': 'flag', 'nats.url': 'flag', 'nats.desk': 'flag' } as const
    const { section, field } = await mountNats(
      settingsView({ 'nats.publish': true, 'nats.url': 'nats://bus:4222', 'nats.desk': 'alpha' }, pinned),
      'zh-CN',
    )
    expect(field('将本桌面发布到 NATS').attributes('disabled')).toBeDefined()
    expect(field('服务器地址').attributes('disabled')).toBeDefined()
    expect(section.text()).toContain('--nats')
    expect(section.get('button[type="submit"]').attributes('disabled')).toBeDefined()
  })
})

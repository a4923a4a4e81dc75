import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import SettingsDialog from '@renderer/components/SettingsDialog.vue'
import { createAppI18n } from '@renderer/i18n'
import { usePreferences } from '@renderer/stores/preferences'
import { SETTING_KEYS } from '../../src/shared/settings'
import { setup } from './fixtures'
import { fakeDesk, settingsView } from './settings-fixtures'

enableAutoUnmount(afterEach)

async function mountSettings(view = settingsView()) {
  const env = setup()
  fakeDesk(env, view)
  const wrapper: VueWrapper = mount(SettingsDialog, { global: env.global, attachTo: document.body })
  await flushPromises()
  /** The control a visible label names. */
  const field = (label: string) => {
    const found = wrapper.findAll('label').find((element) => element.text() === label)
    if (found === undefined) throw new Error(`no label ${label}`)
    return wrapper.get<HTMLInputElement>(`#${found.attributes('for')}`)
  }
  const section = (heading: string) => {
    const title = wrapper.findAll('h3').find((element) => element.text() === heading)!
    return wrapper.get(`section[aria-labelledby="${title.attributes('id')}"]`)
  }
  return { env, wrapper, field, section }
}

describe('the Settings dialog', () => {
  it('shows every risk limit under a Risk heading, each with its current value and unit', async () => {
    const { wrapper, section, field } = await mountSettings()
    const dialog = wrapper.get('dialog')
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)!.textContent).toBe('Settings')
    const risk = section('Risk')
    for (const label of ['Max order volume', 'Max order value', 'Max active orders', 'Max orders per second'])
      expect(risk.text()).toContain(label)
    expect(field('Max order volume').element.value).toBe('0')
    expect(field('Max order value').element.value).toBe('50000000')
    expect(field('Max active orders').element.value).toBe('50')
    const unitOf = (label: string) => field(label).element.parentElement!.querySelector('.unit')!.textContent
    expect(unitOf('Max order volume')).toBe('lots')
    expect(unitOf('Max order value')).toBe("contract's currency")
    expect(unitOf('Max orders per second')).toBe('orders / s')
    expect(field('Pre-trade risk checks').element.checked).toBe(true)
    expect(section('Per-session limits').text()).toContain('Orders per second')
    expect(field('Cancel working orders on quit').element.checked).toBe(true)
    expect(field('Ask before Cancel all').element.checked).toBe(true)
  })

  it('sends a changed limit to the desk at once, shows it applied, and refuses what the desk would refuse', async () => {
    const { env, wrapper, field } = await mountSettings()
    const volume = field('Max order volume')
    await volume.setValue('5')
    await volume.trigger('change')
    await flushPromises()
    expect(env.api.callsTo('settings:change')).toEqual([{ changes: { 'risk.maxOrderVolume': 5 } }])
    expect(wrapper.get('[role="status"].settings-last').text()).toBe('Max order volume: 0 → 5, applied.')
    // Enter, then leaving the field, sends it once.
    await volume.setValue('6')
    await volume.trigger('keydown', { key: 'Enter' })
    await volume.trigger('change')
    await flushPromises()
    expect(env.api.callsTo('settings:change')).toHaveLength(2)

    const active = field('Max active orders')
    await active.setValue('2.5')
    await active.trigger('change')
    expect(wrapper.text()).toContain('Must be a whole number')
    expect(active.attributes('aria-invalid')).toBe('true')
    await active.setValue('-1')
    await active.trigger('change')
    expect(wrapper.text()).toContain('Must be at least 0')
    await active.setValue('')
    await active.trigger('change')
    expect(wrapper.text()).toContain('Must be a number')
    expect(env.api.callsTo('settings:change')).toHaveLength(2)
  })

  it("shows the desk's refusal under the field, and a setting fixed on the command line as not editable", async () => {
    const { env, wrapper, field } = await mountSettings(settingsView({}, { 'risk.maxOrderValue': 'flag' }))
    expect(field('Max order value').attributes('disabled')).toBeDefined()
    expect(wrapper.text()).toContain('Set on the command line (--max-order-value)')
    env.api.reply('settings:change', () => ({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'The settings could not be saved, nothing changed: disk full' },
    }))
    const rate = field('Max orders per second')
    await rate.setValue('10')
    await rate.trigger('change')
    await flushPromises()
    expect(wrapper.get('#setting-risk-maxOrdersPerSecond-error').text()).toContain('disk full')
  })

  it('switches a confirmation off, and says when the desk keeps no data folder', async () => {
    const { env, wrapper, field } = await mountSettings({ ...settingsView(), saved: false })
    expect(wrapper.text()).toContain('This desk keeps no data folder')
    await field('Ask before Cancel all').setValue(false)
    await flushPromises()
    expect(env.api.callsTo('settings:change')).toEqual([{ changes: { 'confirm.cancelAll': false } }])
    expect(wrapper.text()).toContain('Ask before Cancel all: on → off, applied.')
  })

  it("holds this window's theme, language, colours and sound", async () => {
    const { field } = await mountSettings()
    const preferences = usePreferences()
    await field('Theme').setValue('light')
    expect(preferences.theme).toBe('light')
    await field('Colours').setValue('red-up')
    expect(preferences.upColour).toBe('red-up')
    await field('Sound on notifications').setValue(true)
    expect(preferences.sound).toBe(true)
    await field('Language').setValue('zh-CN')
    expect(preferences.locale).toBe('zh-CN')
  })
})

it('words every setting in both languages', () => {
  const i18n = createAppI18n('en')
  for (const locale of ['en', 'zh-CN'] as const)
    for (const key of SETTING_KEYS)
      for (const part of ['label', 'help'])
        expect(i18n.global.te(`setting.${key}.${part}`, locale), `${locale} setting.${key}.${part}`).toBe(true)
})

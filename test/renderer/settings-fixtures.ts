/** The desk's settings as the Settings dialog's tests need them: a view, and a desk that answers for it. */
import type { CommandResult } from '../../src/shared/contract'
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
  type SettingsView,
  type SettingSource,
} from '../../src/shared/settings'
import type { setup } from './fixtures'

/** The defaults with `overrides`, every setting from the default unless `sources` says otherwise. */
export function settingsView(
  overrides: Partial<Settings> = {},
  sources: Partial<Record<SettingKey, SettingSource>> = {},
): SettingsView {
  return {
    values: { ...DEFAULT_SETTINGS, ...overrides },
    sources: { ...Object.fromEntries(SETTING_KEYS.map((key) => [key, 'default'])), ...sources },
    saved: true,
  } as SettingsView
}

/** The desk's side of settings:get and settings:change: holds a view, applies changes to it. */
export function fakeDesk(env: ReturnType<typeof setup>, view: SettingsView): void {
  let current = view
  env.api.reply('settings:get', () => ({ ok: true, value: current }))
  env.api.reply('settings:change', (request) => {
    const { changes } = request as { changes: Partial<Settings> }
    current = { ...current, values: { ...current.values, ...changes } }
    return { ok: true, value: current } as CommandResult<'settings:change'>
  })
}

import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { CommandError, EventDeskApi } from '../../../shared/contract'
import { DEFAULT_SETTINGS, type SettingKey, type Settings, type SettingsView } from '../../../shared/settings'

/**
 * The desk's settings as this window last heard them (`settings:get`): the
 * Settings dialog shows and changes them, and the confirmation prompts read
 * them. Until the first answer, the defaults (so a prompt asks rather than not).
 */
export const useDeskSettings = defineStore('deskSettings', () => {
  const view = shallowRef<SettingsView | undefined>()
  const values = computed<Readonly<Settings>>(() => view.value?.values ?? DEFAULT_SETTINGS)

  /** Asks the desk for its settings; the reason it could not, if it could not. */
  async function load(api: EventDeskApi): Promise<CommandError | undefined> {
    const result = await api.invoke('settings:get', {})
    if (!result.ok) return result.error
    view.value = result.value
    return undefined
  }

  /** Changes one setting on the desk (validated, applied, saved and logged there); the refusal, if refused. */
  async function change<K extends SettingKey>(
    api: EventDeskApi,
    key: K,
    value: Settings[K],
  ): Promise<CommandError | undefined> {
    return changeMany(api, { [key]: value })
  }

  /** Changes settings that go together (publishing on NATS) in one step; the refusal, if refused. */
  async function changeMany(api: EventDeskApi, changes: Partial<Settings>): Promise<CommandError | undefined> {
    const result = await api.invoke('settings:change', { changes })
    if (!result.ok) return result.error
    view.value = result.value
    return undefined
  }

  return { view, values, load, change, changeMany }
})

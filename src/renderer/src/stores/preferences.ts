import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Locale } from '../i18n'
import type { ThemeName, UpColour } from '../theme/palette'
import { loadJson, saveJson } from './storage'

interface SavedPreferences {
  theme: ThemeName
  locale: Locale
  upColour: UpColour | 'auto'
  sound: boolean
  flashChanges: boolean
}

/**
 * This window's own choices, kept in its storage rather than the desk's
 * settings (two browsers on one desk may want two languages): theme,
 * language, which colour means up, whether notifications chime, whether
 * changed cells flash.
 */
export const usePreferences = defineStore('preferences', () => {
  const saved = loadJson<Partial<SavedPreferences>>('preferences', {})
  const theme = ref<ThemeName>(saved.theme === 'light' ? 'light' : 'dark')
  const locale = ref<Locale>(saved.locale === 'zh-CN' ? 'zh-CN' : 'en')
  /** 'auto' follows the language: red-up in Chinese, green-up otherwise. */
  const upColourChoice = ref<UpColour | 'auto'>(saved.upColour ?? 'auto')
  /** Live cells (bid, ask, last, PnL) flash when they change; off for a calmer screen and a cheaper frame. */
  const flashChanges = ref(saved.flashChanges !== false)
  const upColour = computed<UpColour>(() =>
    upColourChoice.value !== 'auto' ? upColourChoice.value : locale.value === 'zh-CN' ? 'red-up' : 'green-up',
  )
  const sound = ref(saved.sound === true)

  watch([theme, locale, upColourChoice, sound, flashChanges], () =>
    saveJson('preferences', {
      theme: theme.value,
      locale: locale.value,
      upColour: upColourChoice.value,
      sound: sound.value,
      flashChanges: flashChanges.value,
    } satisfies SavedPreferences),
  )

  return { theme, locale, upColourChoice, upColour, sound, flashChanges }
})

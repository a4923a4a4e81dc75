import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Locale } from '../i18n'
import type { ThemeName, UpColour } from '../theme/palette'
import { loadJson, saveJson } from './storage'

interface SavedPreferences {
  theme: ThemeName
  locale: Locale
  upColour: UpColour | 'auto'
}

/** The user's display choices: theme, language, which colour means up. Persisted. */
export const usePreferences = defineStore('preferences', () => {
  const saved = loadJson<Partial<SavedPreferences>>('preferences', {})
  const theme = ref<ThemeName>(saved.theme === 'light' ? 'light' : 'dark')
  const locale = ref<Locale>(saved.locale === 'zh-CN' ? 'zh-CN' : 'en')
  /** 'auto' follows the language: red-up in Chinese, green-up otherwise. */
  const upColourChoice = ref<UpColour | 'auto'>(saved.upColour ?? 'auto')
  const upColour = computed<UpColour>(() =>
    upColourChoice.value !== 'auto' ? upColourChoice.value : locale.value === 'zh-CN' ? 'red-up' : 'green-up',
  )

  watch([theme, locale, upColourChoice], () =>
    saveJson('preferences', { theme: theme.value, locale: locale.value, upColour: upColourChoice.value }),
  )

  return { theme, locale, upColourChoice, upColour }
})

import { watchEffect } from 'vue'
import { useI18n } from 'vue-i18n'
import { usePreferences } from '../stores/preferences'
import { applyPalette } from './palette'
import { usePalette } from './use-palette'

/** Keeps the document's language, theme and colour tokens in step with the preferences; each root component calls it once. */
export function useDocumentAppearance(): void {
  const { locale } = useI18n()
  const preferences = usePreferences()
  const colours = usePalette()
  watchEffect(() => {
    locale.value = preferences.locale
    document.documentElement.lang = preferences.locale
  })
  watchEffect(() => {
    applyPalette(document.documentElement, colours.value)
    document.documentElement.dataset.theme = preferences.theme
    document.documentElement.style.colorScheme = preferences.theme
  })
}

import { computed, type ComputedRef } from 'vue'
import { usePreferences } from '../stores/preferences'
import { palette, type Palette } from './palette'

/** The colours in force: the chosen theme with the chosen (or the language's) up colour. */
export function usePalette(): ComputedRef<Palette> {
  const preferences = usePreferences()
  return computed(() => palette(preferences.theme, preferences.upColour))
}

import { useI18n } from 'vue-i18n'
import type { NumberSetting } from '../../../shared/settings'
import { formatVolume } from '../format/numbers'

/** A typed number as a number setting takes it: the number, or why not in the user's words. */
export type SettingNumberCheck = { value: number; error?: undefined } | { value?: undefined; error: string }

/**
 * Checks what was typed into a number setting by the rules the desk applies
 * to it (src/shared/settings.ts: a finite number, whole where it must be,
 * within its bounds), so the page says what is wrong before it sends. Bounds
 * are shown with the decimals they have (0.01, 1,048,576).
 */
export function useSettingNumberCheck(): (setting: NumberSetting, typed: string | number) => SettingNumberCheck {
  const { t } = useI18n()
  return (setting, typed) => {
    const value = Number(typed)
    if (String(typed).trim() === '' || !Number.isFinite(value)) return { error: t('validation.number') }
    if (setting.integer && !Number.isInteger(value)) return { error: t('validation.integer') }
    if (value < setting.min) return { error: t('validation.min', { min: formatVolume(setting.min) }) }
    if (value > setting.max) return { error: t('validation.max', { max: formatVolume(setting.max) }) }
    return { value }
  }
}

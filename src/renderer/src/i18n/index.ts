import { createI18n } from 'vue-i18n'
import { en } from './en'
import { zhCN } from './zh-CN'

export type Locale = 'en' | 'zh-CN'
export const LOCALES: readonly Locale[] = ['en', 'zh-CN']

/** Each language's name in itself, for the language menu. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' }

/**
 * Composition-API i18n. vue-i18n 11 compiles messages to an AST and
 * interprets it (JIT compilation, the default since v10), so it needs no
 * `eval` and runs under our `script-src 'self'` CSP.
 */
export function createAppI18n(locale: Locale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, 'zh-CN': zhCN },
    missingWarn: false,
    fallbackWarn: false,
  })
}

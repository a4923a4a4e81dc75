import type { CommandError } from '../../../shared/contract'

/**
 * A form field's problem: one of our own messages (an i18n key and its
 * parameters), or the host's message, which is text for the user and is
 * shown as written, never looked up as a key.
 */
export type FieldError = { key: string; params?: Record<string, unknown> } | { text: string }

/** vue-i18n's `t`, as much of it as a field error needs. */
export type Translate = (key: string, params: Record<string, unknown>) => string

/** The text to show under a field, or undefined when it has no error. */
export function fieldErrorText(error: FieldError | undefined, t: Translate): string | undefined {
  if (error === undefined) return undefined
  return 'text' in error ? error.text : t(error.key, error.params ?? {})
}

/** Where a refused command's message goes: under one of the form's fields, or on the form itself. */
export interface PlacedRefusal {
  fieldErrors: Record<string, FieldError>
  formError: string | undefined
}

/**
 * Places the host's refusal where the user reads it: under the field it
 * names when the form shows that field (`setting.fastWindow` is the
 * parameter field `fastWindow`), else on the form, so a refusal of the whole
 * setting or of a field the form does not show is never lost.
 */
export function placeRefusal(error: CommandError, fields: Iterable<string>): PlacedRefusal {
  const field = error.field?.replace(/^setting\./, '')
  if (field !== undefined && new Set(fields).has(field))
    return { fieldErrors: { [field]: { text: error.message } }, formError: undefined }
  return { fieldErrors: {}, formError: error.message }
}

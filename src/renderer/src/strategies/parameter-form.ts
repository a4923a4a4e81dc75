import type { ParameterSpec, StrategyValue } from '../../../shared/strategy'
import type { FieldError } from '../forms/field-error'

/** A parameter as the form holds it: checkboxes give booleans, inputs give text. */
export type FormValue = string | boolean

export function formValues(
  specs: readonly ParameterSpec[],
  current?: Record<string, StrategyValue>,
): Record<string, FormValue> {
  const values: Record<string, FormValue> = {}
  for (const spec of specs) {
    const value = current?.[spec.name] ?? spec.default
    values[spec.name] = spec.type === 'boolean' ? value === true : String(value)
  }
  return values
}

/**
 * Checks the form against the specs and converts it to the values the engine
 * takes; the engine checks again, this only saves a round trip.
 */
export function readParameters(
  specs: readonly ParameterSpec[],
  values: Record<string, FormValue>,
): { setting: Record<string, StrategyValue>; errors: Record<string, FieldError> } {
  const setting: Record<string, StrategyValue> = {}
  const errors: Record<string, FieldError> = {}
  for (const spec of specs) {
    const raw = values[spec.name]
    if (spec.type === 'boolean') {
      setting[spec.name] = raw === true
      continue
    }
    const text = typeof raw === 'string' ? raw.trim() : ''
    if (spec.type === 'string') {
      setting[spec.name] = text
      continue
    }
    if (text === '') {
      errors[spec.name] = { key: 'validation.required' }
      continue
    }
    const number = Number(text)
    if (!Number.isFinite(number)) errors[spec.name] = { key: 'validation.number' }
    else if (spec.type === 'integer' && !Number.isInteger(number)) errors[spec.name] = { key: 'validation.integer' }
    else if (spec.min !== undefined && number < spec.min)
      errors[spec.name] = { key: 'validation.min', params: { min: spec.min } }
    else if (spec.max !== undefined && number > spec.max)
      errors[spec.name] = { key: 'validation.max', params: { max: spec.max } }
    else setting[spec.name] = number
  }
  return { setting, errors }
}

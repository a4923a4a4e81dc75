import type { ParameterSpec, StrategyValue } from '../../shared/strategy'
import { StrategyError } from './strategy-error'
import type { StrategyParams } from './template'

/** A parameter that does not fit its spec: which one and why, under its field of the Add/Edit form. */
class ParameterError extends StrategyError {
  constructor(name: string, message: string) {
    super('INVALID_ARGUMENT', message, `setting.${name}`)
  }
}

/**
 * Checks `setting` against a class's parameter specs and returns the full
 * parameter set (defaults for what was not given). Unknown names, wrong types
 * and values out of range are refused with a StrategyError naming the parameter.
 */
export function resolveParameters(
  specs: readonly ParameterSpec[],
  setting: Record<string, StrategyValue>,
  base: StrategyParams = {},
): StrategyParams {
  const known = new Map(specs.map((s) => [s.name, s]))
  for (const name of Object.keys(setting)) {
    if (!known.has(name)) throw new ParameterError(name, `${name} is not a parameter of this strategy`)
  }
  const params: StrategyParams = {}
  for (const spec of specs) {
    const value = Object.hasOwn(setting, spec.name) ? setting[spec.name] : (base[spec.name] ?? spec.default)
    params[spec.name] = checkValue(spec, value)
  }
  return params
}

function checkValue(spec: ParameterSpec, value: StrategyValue): StrategyValue {
  const { name } = spec
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new ParameterError(name, `${name} must be true or false`)
      return value
    case 'string':
      if (typeof value !== 'string') throw new ParameterError(name, `${name} must be text`)
      return value
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new ParameterError(name, `${name} must be a number`)
      if (spec.type === 'integer' && !Number.isInteger(value))
        throw new ParameterError(name, `${name} must be a whole number`)
      if (spec.min !== undefined && value < spec.min)
        throw new ParameterError(name, `${name} must be at least ${spec.min}`)
      if (spec.max !== undefined && value > spec.max)
        throw new ParameterError(name, `${name} must be at most ${spec.max}`)
      return value
    }
  }
}

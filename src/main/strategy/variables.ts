import type { StrategyValue } from '../../shared/strategy'

/** The named entries of `source` that can cross IPC and be saved (numbers, text, booleans). */
export function pickValues(source: object, names: readonly string[]): Record<string, StrategyValue> {
  const picked: Record<string, StrategyValue> = {}
  for (const name of names) {
    if (!Object.hasOwn(source, name)) continue
    const value = (source as Record<string, unknown>)[name]
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') picked[name] = value
  }
  return picked
}

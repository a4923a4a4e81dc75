import * as v from 'valibot'
import { nameSchema, strategyNameSchema, strategySettingSchema, vtSymbolSchema } from '../../shared/contract'
import type { StrategyValue } from '../../shared/strategy'

/** One instance as saved: enough to add it again on the next start. Checked like the `strategy:add` command. */
export const savedInstanceSchema = v.strictObject({
  className: nameSchema,
  vtSymbol: vtSymbolSchema,
  setting: strategySettingSchema,
})
export type SavedInstance = v.InferOutput<typeof savedInstanceSchema>

/** `pos` and the variables a strategy marks persistent. */
export const savedVariablesSchema = strategySettingSchema
export type SavedVariables = Record<string, StrategyValue>

/** A saved instance that could not be restored: its name, why, and what is known of it. */
export interface KeptInstance {
  strategyName: string
  reason: string
  className: string
  vtSymbol: string
}

/**
 * Where strategy instances and their persistent variables live between runs
 * (vnpy's cta_strategy_setting.json and cta_strategy_data.json). On a desk
 * the journal provides it (journal/strategy-store.ts), so variables saved
 * while a trade is handled are committed with that trade. Saves are
 * synchronous and cheap: they are staged and written at the end of the
 * engine's slice. The user's setup is never silently lost: an instance the
 * engine cannot restore (its class failed to load) is kept as it was, and
 * shown, until the user removes it.
 */
export interface StrategyStore {
  /** Saved instances; `undefined` on first launch (none was ever saved). */
  loadInstances(): Map<string, SavedInstance> | undefined
  /** Keeps a saved instance the engine could not restore, as it was, through later saves. */
  keepUnrestored(strategyName: string, reason: string): void
  /** The saved instances kept as they were, not restored, and why: shown to the user, who may remove them. */
  unrestored(): KeptInstance[]
  /** Lets a kept instance go: the user removed it (the next save leaves it out). */
  forget(strategyName: string): void
  /** Replaces every saved instance with these (and the ones kept unrestored, unless one of these replaces them). */
  saveInstances(instances: ReadonlyMap<string, SavedInstance>): void
  loadVariables(strategyName: string): SavedVariables | undefined
  /** Replaces the saved variables of the strategies named; the others' stay. */
  saveVariables(variables: ReadonlyMap<string, SavedVariables>): void
}

/** A store that keeps nothing beyond this run: a strategy engine without a journal (tests, tools). */
export class MemoryStrategyStore implements StrategyStore {
  private instances: Map<string, SavedInstance> | undefined
  private readonly variables = new Map<string, SavedVariables>()

  loadInstances(): Map<string, SavedInstance> | undefined {
    return this.instances
  }

  keepUnrestored(): void {
    // Nothing here outlives the run, so there is nothing to keep.
  }

  unrestored(): KeptInstance[] {
    return []
  }

  forget(): void {}

  saveInstances(instances: ReadonlyMap<string, SavedInstance>): void {
    this.instances = new Map(instances)
  }

  loadVariables(strategyName: string): SavedVariables | undefined {
    return this.variables.get(strategyName)
  }

  saveVariables(variables: ReadonlyMap<string, SavedVariables>): void {
    for (const [name, values] of variables) this.variables.set(name, values)
  }
}

/** Why a saved entry (from a file, or the journal) cannot be used, or undefined when it can. */
export function invalidEntry(strategyName: string, entry: unknown, schema: v.GenericSchema): string | undefined {
  const name = v.safeParse(strategyNameSchema, strategyName)
  if (!name.success) return `has an invalid name: it ${name.issues[0].message}`
  const parsed = v.safeParse(schema, entry)
  if (parsed.success) return undefined
  const issue = parsed.issues[0]
  const field = v.getDotPath(issue)
  if (issue.type === 'strict_object' && field) return `has ${field}, which is not a field of a saved strategy`
  return field ? `is invalid: ${field} ${issue.message}` : `is invalid: ${issue.message}`
}

/** A name from a file, quoted and clipped for a log line. */
export function shownName(strategyName: string): string {
  return JSON.stringify(strategyName.length > 64 ? `${strategyName.slice(0, 63)}…` : strategyName)
}

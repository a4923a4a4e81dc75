import type { StrategyValue } from '../../shared/strategy'

/** One instance as saved: enough to add it again on the next start. */
export interface SavedInstance {
  className: string
  vtSymbol: string
  setting: Record<string, StrategyValue>
}

/** `pos` and the variables a strategy marks persistent. */
export type SavedVariables = Record<string, StrategyValue>

/**
 * Where strategy instances and their persistent variables live between runs
 * (vnpy's cta_strategy_setting.json and cta_strategy_data.json). On a desk
 * the journal provides it (journal/strategy-store.ts), so variables saved
 * while a trade is handled are committed with that trade. Saves are
 * synchronous and cheap: they are staged and written at the end of the
 * engine's slice.
 */
export interface StrategyStore {
  /** Saved instances; `undefined` on first launch (none was ever saved). */
  loadInstances(): Record<string, SavedInstance> | undefined
  /** Replaces every saved instance with these. */
  saveInstances(instances: Record<string, SavedInstance>): void
  loadVariables(strategyName: string): SavedVariables | undefined
  /** Replaces the saved variables of the strategies named; the others' stay. */
  saveVariables(variables: Record<string, SavedVariables>): void
}

/** A store that keeps nothing beyond this run: a strategy engine without a journal (tests, tools). */
export class MemoryStrategyStore implements StrategyStore {
  private instances: Record<string, SavedInstance> | undefined
  private readonly variables = new Map<string, SavedVariables>()

  loadInstances(): Record<string, SavedInstance> | undefined {
    return this.instances
  }

  saveInstances(instances: Record<string, SavedInstance>): void {
    this.instances = instances
  }

  loadVariables(strategyName: string): SavedVariables | undefined {
    return this.variables.get(strategyName)
  }

  saveVariables(variables: Record<string, SavedVariables>): void {
    for (const [name, values] of Object.entries(variables)) this.variables.set(name, values)
  }
}

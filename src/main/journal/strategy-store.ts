import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { KeptInstance, SavedInstance, SavedVariables, StrategyStore } from '../strategy/strategy-store'
import { INSTANCES_SAVED, type JournalWriter } from './writer'

interface InstanceRow {
  strategy_name: string
  class_name: string
  vt_symbol: string
  setting: string
}

/**
 * The strategy store on the journal: saves are staged with the writer, so a
 * strategy's variables saved while its trade is handled are committed in the
 * same transaction as the trade; reads see what is staged before what is
 * committed.
 */
export class JournalStrategyStore implements StrategyStore {
  /** Instances as last read, in case the engine cannot restore one. */
  private readonly loaded = new Map<string, SavedInstance>()
  /** Instances the engine could not restore, and why, written back with every save. */
  private readonly kept = new Map<string, { saved: SavedInstance; reason: string }>()
  private readonly selectInstances: StatementSync
  private readonly selectSaved: StatementSync
  private readonly selectVariables: StatementSync

  constructor(
    db: DatabaseSync,
    private readonly writer: JournalWriter,
  ) {
    this.selectInstances = db.prepare('SELECT strategy_name, class_name, vt_symbol, setting FROM strategies')
    this.selectSaved = db.prepare('SELECT 1 FROM meta WHERE key = ?')
    this.selectVariables = db.prepare('SELECT variables FROM strategy_variables WHERE strategy_name = ?')
  }

  loadInstances(): Map<string, SavedInstance> | undefined {
    const staged = this.writer.stagedInstances()
    if (staged !== undefined) return new Map(staged)
    if (this.selectSaved.get(INSTANCES_SAVED) === undefined) return undefined
    this.loaded.clear()
    for (const row of this.selectInstances.all() as unknown as InstanceRow[])
      this.loaded.set(row.strategy_name, {
        className: row.class_name,
        vtSymbol: row.vt_symbol,
        setting: JSON.parse(row.setting) as SavedInstance['setting'],
      })
    return new Map(this.loaded)
  }

  keepUnrestored(strategyName: string, reason: string): void {
    const saved = this.loaded.get(strategyName)
    if (saved !== undefined) this.kept.set(strategyName, { saved, reason })
  }

  unrestored(): KeptInstance[] {
    return [...this.kept].map(([strategyName, { saved, reason }]) => ({
      strategyName,
      reason,
      className: saved.className,
      vtSymbol: saved.vtSymbol,
    }))
  }

  forget(strategyName: string): void {
    this.kept.delete(strategyName)
  }

  saveInstances(instances: ReadonlyMap<string, SavedInstance>): void {
    // A new instance of the same name takes a kept one's place.
    for (const strategyName of instances.keys()) this.kept.delete(strategyName)
    const kept = [...this.kept].map(([strategyName, { saved }]) => [strategyName, saved] as const)
    this.writer.stageInstances(new Map([...kept, ...instances]))
  }

  loadVariables(strategyName: string): SavedVariables | undefined {
    const staged = this.writer.stagedVariables(strategyName)
    if (staged !== undefined) return staged
    const row = this.selectVariables.get(strategyName) as { variables: string } | undefined
    return row === undefined ? undefined : (JSON.parse(row.variables) as SavedVariables)
  }

  saveVariables(variables: ReadonlyMap<string, SavedVariables>): void {
    for (const [name, values] of variables) this.writer.stageVariables(name, values)
  }
}

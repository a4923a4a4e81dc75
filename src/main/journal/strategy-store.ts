import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { SavedInstance, SavedVariables, StrategyStore } from '../strategy/strategy-store'
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

  loadInstances(): Record<string, SavedInstance> | undefined {
    const staged = this.writer.stagedInstances()
    if (staged !== undefined) return staged
    if (this.selectSaved.get(INSTANCES_SAVED) === undefined) return undefined
    const instances: Record<string, SavedInstance> = {}
    for (const row of this.selectInstances.all() as unknown as InstanceRow[])
      instances[row.strategy_name] = {
        className: row.class_name,
        vtSymbol: row.vt_symbol,
        setting: JSON.parse(row.setting) as SavedInstance['setting'],
      }
    return instances
  }

  saveInstances(instances: Record<string, SavedInstance>): void {
    this.writer.stageInstances(instances)
  }

  loadVariables(strategyName: string): SavedVariables | undefined {
    const staged = this.writer.stagedVariables(strategyName)
    if (staged !== undefined) return staged
    const row = this.selectVariables.get(strategyName) as { variables: string } | undefined
    return row === undefined ? undefined : (JSON.parse(row.variables) as SavedVariables)
  }

  saveVariables(variables: Record<string, SavedVariables>): void {
    for (const [name, values] of Object.entries(variables)) this.writer.stageVariables(name, values)
  }
}

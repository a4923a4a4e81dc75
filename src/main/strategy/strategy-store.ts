import { renameSync } from 'node:fs'
import { join } from 'node:path'
import type { StrategyValue } from '../../shared/strategy'
import { readJson, writeJson } from '../util/json-file'

/** One instance as saved: enough to add it again on the next start. */
export interface SavedInstance {
  className: string
  vtSymbol: string
  setting: Record<string, StrategyValue>
}

/** `pos` and the variables a strategy marks persistent. */
export type SavedVariables = Record<string, StrategyValue>

const SETTING_FILE = 'strategy_setting.json'
const DATA_FILE = 'strategy_data.json'

/**
 * Where strategy instances and their persistent variables live between runs
 * (vnpy's cta_strategy_setting.json and cta_strategy_data.json). Without a
 * folder nothing is kept. A file that cannot be read is set aside, not
 * overwritten, and reported: the user's setup is never silently lost.
 */
export class StrategyStore {
  constructor(
    private readonly dir: string | undefined,
    private readonly report: (message: string) => void,
  ) {}

  /** Saved instances; `undefined` on first launch (no file yet). */
  loadInstances(): Record<string, SavedInstance> | undefined {
    return this.read<Record<string, SavedInstance>>(SETTING_FILE)
  }

  saveInstances(instances: Record<string, SavedInstance>): void {
    if (this.dir) writeJson(join(this.dir, SETTING_FILE), instances)
  }

  loadVariables(strategyName: string): SavedVariables | undefined {
    return this.read<Record<string, SavedVariables>>(DATA_FILE)?.[strategyName]
  }

  /** Replaces the saved variables of the strategies named; the others' stay. */
  saveVariables(variables: Record<string, SavedVariables>): void {
    if (!this.dir) return
    const all = this.read<Record<string, SavedVariables>>(DATA_FILE) ?? {}
    writeJson(join(this.dir, DATA_FILE), { ...all, ...variables })
  }

  private read<T>(file: string): T | undefined {
    if (!this.dir) return undefined
    const path = join(this.dir, file)
    try {
      return readJson<T>(path)
    } catch (err) {
      const aside = `${path}.unreadable-${Date.now()}`
      renameSync(path, aside)
      this.report(`${(err as Error).message}; kept as ${aside}, starting from an empty ${file}`)
      return {} as T
    }
  }
}

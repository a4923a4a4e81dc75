import { join } from 'node:path'
import * as v from 'valibot'
import { nameSchema, strategyNameSchema, strategySettingSchema, vtSymbolSchema } from '../../shared/contract'
import type { StrategyValue } from '../../shared/strategy'
import { readJsonEntries, writeJsonEntries } from '../util/json-file'

/** One instance as saved: enough to add it again on the next start. Checked like the `strategy:add` command. */
const savedInstanceSchema = v.strictObject({
  className: nameSchema,
  vtSymbol: vtSymbolSchema,
  setting: strategySettingSchema,
})
export type SavedInstance = v.InferOutput<typeof savedInstanceSchema>

/** `pos` and the variables a strategy marks persistent. */
const savedVariablesSchema = strategySettingSchema
export type SavedVariables = Record<string, StrategyValue>

const SETTING_FILE = 'strategy_setting.json'
const DATA_FILE = 'strategy_data.json'

/**
 * Where strategy instances and their persistent variables live between runs
 * (vnpy's cta_strategy_setting.json and cta_strategy_data.json). Without a
 * folder nothing is kept. The user's setup is never silently lost: a file
 * that cannot be read, or is not an object of strategies, is set aside and
 * reported; an entry that fails validation (names are checked with the same
 * schema as commands), or whose strategy could not be restored, is reported,
 * never instantiated, and written back as it was on every save.
 */
export class StrategyStore {
  /** Entries of the settings file that are not instances, as read. */
  private readonly kept = new Map<string, unknown>()
  /** Valid entries as read, in case the engine cannot restore one. */
  private readonly loaded = new Map<string, unknown>()

  constructor(
    private readonly dir: string | undefined,
    private readonly report: (message: string) => void,
  ) {}

  /** Saved instances that passed validation; `undefined` on first launch (no file yet). */
  loadInstances(): Map<string, SavedInstance> | undefined {
    const entries = this.read(SETTING_FILE)
    if (entries === undefined) return undefined
    const instances = new Map<string, SavedInstance>()
    for (const [strategyName, entry] of entries) {
      const problem = invalid(strategyName, entry, savedInstanceSchema)
      if (problem === undefined) {
        instances.set(strategyName, v.parse(savedInstanceSchema, entry))
        this.loaded.set(strategyName, entry)
        continue
      }
      this.kept.set(strategyName, entry)
      this.report(`${SETTING_FILE}: strategy ${shown(strategyName)} ${problem}; kept in the file, not restored`)
    }
    return instances
  }

  /** Keeps a saved instance the engine could not restore (its class failed to load, say) in the file as it was. */
  keepUnrestored(strategyName: string): void {
    if (this.loaded.has(strategyName)) this.kept.set(strategyName, this.loaded.get(strategyName))
  }

  /** Writes every instance, and the entries kept as they were (an instance of the same name replaces one). */
  saveInstances(instances: ReadonlyMap<string, SavedInstance>): void {
    for (const strategyName of this.kept.keys()) {
      if (!instances.has(strategyName)) continue
      this.kept.delete(strategyName)
      this.report(`${SETTING_FILE}: the saved entry ${shown(strategyName)} is replaced by the new instance`)
    }
    if (this.dir) writeJsonEntries(join(this.dir, SETTING_FILE), [...this.kept, ...instances])
  }

  /** A strategy's saved variables; an entry that fails validation is reported and not restored. */
  loadVariables(strategyName: string): SavedVariables | undefined {
    const entry = this.read(DATA_FILE)?.get(strategyName)
    if (entry === undefined) return undefined
    const problem = invalid(strategyName, entry, savedVariablesSchema)
    if (problem === undefined) return v.parse(savedVariablesSchema, entry)
    this.report(`${DATA_FILE}: variables of ${shown(strategyName)} ${problem}; kept in the file, not restored`)
    return undefined
  }

  /** Replaces the saved variables of the strategies named; the other entries stay as they are. */
  saveVariables(variables: ReadonlyMap<string, SavedVariables>): void {
    if (!this.dir) return
    const all = this.read(DATA_FILE) ?? new Map<string, unknown>()
    for (const [strategyName, saved] of variables) all.set(strategyName, saved)
    writeJsonEntries(join(this.dir, DATA_FILE), all)
  }

  private read(file: string): Map<string, unknown> | undefined {
    if (!this.dir) return undefined
    return readJsonEntries(join(this.dir, file), this.report)
  }
}

/** Why a saved entry cannot be used, or undefined when it can. */
function invalid(strategyName: string, entry: unknown, schema: v.GenericSchema): string | undefined {
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
function shown(strategyName: string): string {
  return JSON.stringify(strategyName.length > 64 ? `${strategyName.slice(0, 63)}…` : strategyName)
}

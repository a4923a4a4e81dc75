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

/** A saved instance that could not be restored: its name, why, and what is known of it. */
export interface KeptInstance {
  strategyName: string
  reason: string
  className: string
  vtSymbol: string
}

/**
 * Where strategy instances and their persistent variables live between runs:
 * this file-backed store, or the journal's. Persistence (persistence.ts)
 * decides what is saved when; a store keeps it, and never drops what it could
 * not use: a saved instance that could not be restored is kept as it was until
 * the user removes it.
 */
export interface StrategyStore {
  /** Saved instances that can be added back; `undefined` on first launch (nothing saved yet). */
  loadInstances(): Map<string, SavedInstance> | undefined
  /** The saved instances kept as they were, not restored: shown to the user, who may remove them. */
  unrestored(): KeptInstance[]
  /** Keeps a saved instance the engine could not restore (its class failed to load, say), as it was. */
  keepUnrestored(strategyName: string, reason: string): void
  /** Lets a kept instance go: the user removed it. */
  forget(strategyName: string): void
  /** Writes every instance, and the kept ones as they were. */
  saveInstances(instances: ReadonlyMap<string, SavedInstance>): void
  loadVariables(strategyName: string): SavedVariables | undefined
  /** Replaces the saved variables of the strategies named; the others' stay as they are. */
  saveVariables(variables: ReadonlyMap<string, SavedVariables>): void
}

const SETTING_FILE = 'strategy_setting.json'
const DATA_FILE = 'strategy_data.json'

/**
 * The store as two files in the data folder (vnpy's cta_strategy_setting.json
 * and cta_strategy_data.json). Without a folder nothing is kept. The user's
 * setup is never silently lost: a file that cannot be read, or is not an
 * object of strategies, is set aside and reported; an entry that fails
 * validation (names are checked with the same schema as commands), or whose
 * strategy could not be restored, is reported, never instantiated, and written
 * back as it was on every save.
 */
export class FileStrategyStore implements StrategyStore {
  /** Entries of the settings file that are not instances, as read, and why. */
  private readonly kept = new Map<string, { entry: unknown; reason: string }>()
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
      this.kept.set(strategyName, { entry, reason: `${SETTING_FILE}: it ${problem}` })
      this.report(`${SETTING_FILE}: strategy ${shown(strategyName)} ${problem}; kept in the file, not restored`)
    }
    return instances
  }

  unrestored(): KeptInstance[] {
    return [...this.kept].map(([strategyName, { entry, reason }]) => {
      const known = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}
      const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 64) : '')
      return { strategyName, reason, className: text(known.className), vtSymbol: text(known.vtSymbol) }
    })
  }

  keepUnrestored(strategyName: string, reason: string): void {
    if (this.loaded.has(strategyName)) this.kept.set(strategyName, { entry: this.loaded.get(strategyName), reason })
  }

  forget(strategyName: string): void {
    this.kept.delete(strategyName)
  }

  /** Writes every instance, and the entries kept as they were (an instance of the same name replaces one). */
  saveInstances(instances: ReadonlyMap<string, SavedInstance>): void {
    for (const strategyName of this.kept.keys()) {
      if (!instances.has(strategyName)) continue
      this.kept.delete(strategyName)
      this.report(`${SETTING_FILE}: the saved entry ${shown(strategyName)} is replaced by the new instance`)
    }
    const kept = [...this.kept].map(([strategyName, { entry }]) => [strategyName, entry] as const)
    if (this.dir) writeJsonEntries(join(this.dir, SETTING_FILE), [...kept, ...instances])
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

import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import * as v from 'valibot'
import type { LogLevel } from '../../shared/objects'
import {
  invalidEntry,
  savedInstanceSchema,
  savedVariablesSchema,
  shownName,
  type SavedInstance,
  type SavedVariables,
} from '../strategy/strategy-store'
import { readJsonEntries } from '../util/json-file'
import { INSTANCES_SAVED } from './writer'

/** Strategy instances as EventDesk kept them before the journal (vnpy's cta_strategy_setting.json). */
export const SETTING_FILE = 'strategy_setting.json'
/** Their persistent variables (vnpy's cta_strategy_data.json). */
export const DATA_FILE = 'strategy_data.json'
/** Set once the files have been looked for: they are imported on the first start with a journal only. */
const IMPORTED = 'strategy_files_imported'

/** A line for the log. */
export interface ImportReport {
  level: LogLevel
  message: string
}

/**
 * Moves strategy_setting.json and strategy_data.json from the data folder
 * into the journal, once: on the first start with a journal. After it the
 * journal is their one source and the files are renamed `*.imported`, where
 * entries that fail validation (names are checked as commands check them)
 * stay, reported, never instantiated. A file that cannot be read, or is not
 * an object, is set aside as `*.unreadable-<ms>` and reported; copies already
 * set aside are left alone.
 */
export function importStrategyFiles(db: DatabaseSync, dir: string, now: number): ImportReport[] {
  if (db.prepare('SELECT 1 FROM meta WHERE key = ?').get(IMPORTED) !== undefined) return []
  const reports: ImportReport[] = []
  const report = (message: string): void => void reports.push({ level: 'ERROR', message })
  const settingPath = join(dir, SETTING_FILE)
  const dataPath = join(dir, DATA_FILE)
  const settingEntries = readJsonEntries(settingPath, report)
  const dataEntries = readJsonEntries(dataPath, report)
  const instances = validEntries<SavedInstance>(settingEntries, savedInstanceSchema, settingPath, report)
  const variables = validEntries<SavedVariables>(dataEntries, savedVariablesSchema, dataPath, report)
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
  db.exec('BEGIN IMMEDIATE')
  try {
    const insertInstance = db.prepare(
      'INSERT OR REPLACE INTO strategies (strategy_name, class_name, vt_symbol, setting) VALUES (?, ?, ?, ?)',
    )
    for (const [name, saved] of instances)
      insertInstance.run(name, saved.className, saved.vtSymbol, JSON.stringify(saved.setting))
    // A settings file, even an unreadable one, means this is not a first launch: no demo instance.
    if (settingEntries !== undefined) setMeta.run(INSTANCES_SAVED, '1')
    const insertVariables = db.prepare(
      'INSERT OR REPLACE INTO strategy_variables (strategy_name, variables, time) VALUES (?, ?, ?)',
    )
    for (const [name, saved] of variables) insertVariables.run(name, JSON.stringify(saved), now)
    setMeta.run(IMPORTED, String(now))
    db.exec('COMMIT')
  } catch (err) {
    db.exec('ROLLBACK')
    report(`Strategy files could not be imported into the journal: ${(err as Error).message}`)
    return reports
  }
  // An unreadable file was set aside already; what is still there was read.
  const imported = [settingPath, dataPath].filter((path) => existsSync(path))
  for (const path of imported) renameSync(path, `${path}.imported`)
  if (imported.length > 0)
    reports.push({
      level: 'INFO',
      message:
        `Imported ${instances.size} strategy instance(s) and the variables of ${variables.size} into the journal; ` +
        `the files are kept as ${imported.map((path) => `${path}.imported`).join(' and ')}`,
    })
  return reports
}

/** The entries that pass validation; each one that does not is reported by name. */
function validEntries<T>(
  entries: Map<string, unknown> | undefined,
  schema: v.GenericSchema,
  path: string,
  report: (message: string) => void,
): Map<string, T> {
  const valid = new Map<string, T>()
  for (const [strategyName, entry] of entries ?? []) {
    const problem = invalidEntry(strategyName, entry, schema)
    if (problem === undefined) valid.set(strategyName, v.parse(schema, entry) as T)
    else report(`${path}: strategy ${shownName(strategyName)} ${problem}; not imported, kept in ${path}.imported`)
  }
  return valid
}

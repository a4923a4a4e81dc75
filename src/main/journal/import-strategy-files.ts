import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import type { LogLevel } from '../../shared/objects'
import type { SavedInstance, SavedVariables } from '../strategy/strategy-store'
import { readJson } from '../util/json-file'
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
 * journal is their one source and the files are renamed `*.imported`. A file
 * that cannot be read is set aside as `*.unreadable-<ms>` and reported, never
 * overwritten; copies already set aside are left alone.
 */
export function importStrategyFiles(db: DatabaseSync, dir: string, now: number): ImportReport[] {
  if (db.prepare('SELECT 1 FROM meta WHERE key = ?').get(IMPORTED) !== undefined) return []
  const reports: ImportReport[] = []
  const setting = readFile<Record<string, SavedInstance>>(join(dir, SETTING_FILE), reports)
  const data = readFile<Record<string, SavedVariables>>(join(dir, DATA_FILE), reports)
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
  db.exec('BEGIN IMMEDIATE')
  try {
    const insertInstance = db.prepare(
      'INSERT OR REPLACE INTO strategies (strategy_name, class_name, vt_symbol, setting) VALUES (?, ?, ?, ?)',
    )
    for (const [name, saved] of Object.entries(setting.value ?? {}))
      insertInstance.run(name, saved.className, saved.vtSymbol, JSON.stringify(saved.setting))
    // A settings file, even an unreadable one, means this is not a first launch: no demo instance.
    if (setting.found) setMeta.run(INSTANCES_SAVED, '1')
    const insertVariables = db.prepare(
      'INSERT OR REPLACE INTO strategy_variables (strategy_name, variables, time) VALUES (?, ?, ?)',
    )
    for (const [name, variables] of Object.entries(data.value ?? {}))
      insertVariables.run(name, JSON.stringify(variables), now)
    setMeta.run(IMPORTED, String(now))
    db.exec('COMMIT')
  } catch (err) {
    db.exec('ROLLBACK')
    return [
      ...reports,
      { level: 'ERROR', message: `Strategy files could not be imported into the journal: ${(err as Error).message}` },
    ]
  }
  const imported = [setting, data].filter((file) => file.value !== undefined)
  for (const file of imported) renameSync(file.path, `${file.path}.imported`)
  if (imported.length > 0)
    reports.push({
      level: 'INFO',
      message:
        `Imported ${Object.keys(setting.value ?? {}).length} strategy instance(s) and the variables of ` +
        `${Object.keys(data.value ?? {}).length} into the journal; the files are kept as ` +
        imported.map((file) => `${file.path}.imported`).join(' and '),
    })
  return reports
}

interface FileContent<T> {
  path: string
  /** Whether the file was there, readable or not. */
  found: boolean
  /** Its content, when it could be read. */
  value: T | undefined
}

function readFile<T>(path: string, reports: ImportReport[]): FileContent<T> {
  if (!existsSync(path)) return { path, found: false, value: undefined }
  try {
    return { path, found: true, value: readJson<T>(path) }
  } catch (err) {
    const aside = `${path}.unreadable-${Date.now()}`
    renameSync(path, aside)
    reports.push({ level: 'ERROR', message: `${(err as Error).message}; kept as ${aside}, not imported` })
    return { path, found: true, value: undefined }
  }
}

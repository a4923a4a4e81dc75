import * as v from 'valibot'
import { SETTINGS, SETTING_KEYS, settingSchema, type SettingKey, type Settings } from '../../shared/settings'
import { readJsonEntries, writeJsonEntries } from '../util/json-file'

/** The settings file's name, in the data folder. */
export const SETTINGS_FILE = 'settings.json'

/** The sections of settings.json: `{ "risk": { "maxOrderValue": 1000000 } }` holds `risk.maxOrderValue`. */
const SECTIONS = new Set(SETTING_KEYS.filter((key) => key.includes('.')).map((key) => key.split('.')[0]))

/** What settings.json holds. */
export interface SettingsFile {
  /** The settings it sets that pass validation. */
  values: Partial<Settings>
  /** Its top-level entries as read, unknown and invalid ones included: a save writes them back as they were. */
  entries: Map<string, unknown>
}

/**
 * Reads settings.json. A file that is not JSON or not an object is set aside
 * (see `readJsonEntries`); an entry that is not a setting, or whose value
 * fails validation, is reported and ignored but stays in the file, so a
 * typo or a newer version's setting is never lost.
 */
export function readSettingsFile(path: string, report: (message: string) => void): SettingsFile {
  const entries = readJsonEntries(path, report) ?? new Map<string, unknown>()
  const values: Record<string, unknown> = {}
  const check = (key: string, value: unknown): void => {
    if (!isSettingKey(key)) return report(`${path}: ${key} is not a setting; ignored, kept in the file`)
    const parsed = v.safeParse(settingSchema(SETTINGS[key]), value)
    if (parsed.success) values[key] = parsed.output
    else report(`${path}: ${key} ${parsed.issues[0].message}; ignored, kept in the file`)
  }
  for (const [name, value] of entries) {
    if (!SECTIONS.has(name)) check(name, value)
    else if (isPlainObject(value))
      for (const [leaf, leafValue] of Object.entries(value)) check(`${name}.${leaf}`, leafValue)
    else report(`${path}: ${name} must be an object of settings; ignored, kept in the file`)
  }
  return { values: values as Partial<Settings>, entries }
}

/** Writes `changes` into the file's entries (everything else as it was); returns the entries written. */
export function writeSettingsFile(
  path: string,
  entries: ReadonlyMap<string, unknown>,
  changes: Partial<Settings>,
): Map<string, unknown> {
  const written = new Map(entries)
  for (const [key, value] of Object.entries(changes)) {
    const dot = key.indexOf('.')
    if (dot < 0) {
      written.set(key, value)
      continue
    }
    const section = key.slice(0, dot)
    const before = written.get(section)
    const kept = isPlainObject(before) ? Object.entries(before) : []
    written.set(section, Object.fromEntries([...kept, [key.slice(dot + 1), value]]))
  }
  // settings.json may hold the NATS URL's password or token.
  writeJsonEntries(path, written, { secret: true })
  return written
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

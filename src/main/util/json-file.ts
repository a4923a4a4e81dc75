import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** Reads a JSON file; `undefined` when it does not exist. A corrupt file throws with its path. */
function readJson<T>(path: string): T | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  try {
    return JSON.parse(text) as T
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err })
  }
}

/**
 * Reads a JSON file whose top level must be an object, as its entries in a
 * `Map` (keys are user text: `__proto__` is an entry like any other).
 * `undefined` when the file does not exist. A file that is not JSON, or
 * whose top level is not an object (`null`, an array, text, a number), is
 * renamed aside, reported with both paths, and read as empty: the user's
 * data is never silently overwritten, and the desk still starts.
 */
export function readJsonEntries(path: string, report: (message: string) => void): Map<string, unknown> | undefined {
  let problem: string
  try {
    const value = readJson<unknown>(path)
    if (value === undefined) return undefined
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return new Map(Object.entries(value))
    problem = `${path} holds ${describeJson(value)}, not an object`
  } catch (err) {
    problem = (err as Error).message
  }
  const aside = `${path}.unreadable-${Date.now()}`
  renameSync(path, aside)
  report(`${problem}; kept as ${aside}, starting from an empty ${path.split(/[\\/]/).at(-1)}`)
  return new Map()
}

export interface WriteOptions {
  /** The file may hold credentials: only its owner may read it (mode 0600, from the first byte written). */
  secret?: boolean
}

/** Writes entries as a JSON object, `__proto__` included as an ordinary key. */
export function writeJsonEntries(
  path: string,
  entries: Iterable<readonly [string, unknown]>,
  options: WriteOptions = {},
): void {
  // fromEntries defines own properties: a `__proto__` key stays a key instead of setting the prototype.
  writeJson(path, Object.fromEntries(entries), options)
}

/** Writes JSON atomically (temp file + rename), so a crash mid-write never leaves half a file. */
export function writeJson(path: string, value: unknown, options: WriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  // A fresh temp file each time, so the mode applies; chmod also narrows one a crash left behind.
  writeFileSync(tmp, JSON.stringify(value, null, 2), { mode: options.secret ? 0o600 : 0o666 })
  if (options.secret) chmodSync(tmp, 0o600)
  renameSync(tmp, path)
}

function describeJson(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? 'text' : `a ${typeof value}`
}

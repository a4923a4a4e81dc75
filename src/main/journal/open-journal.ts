import { existsSync, renameSync } from 'node:fs'
import type { DatabaseSync } from 'node:sqlite'
import { openDatabase, type DatabaseOptions } from './database'
import { NewerJournalError } from './schema'

const SQLITE_CORRUPT = 11
const SQLITE_NOTADB = 26

/** A journal connection that is ready, and what its opening has to say. */
export interface OpenedJournal<T> {
  db: DatabaseSync
  /** What `read` returned. */
  value: T
  /** For the log: files set aside, a file that could not be used. */
  problems: string[]
  /** Why nothing can be kept on disk this session, when the file could not be used at all. */
  failure?: string
}

/**
 * Opens the journal file, migrates it and reads what a start needs
 * (`read`), so that a bad file is found before anything relies on it:
 * - not a database, corrupt, or from a newer EventDesk: set aside with its
 *   write-ahead log as `<path>.unreadable-<ms>`, reported, and a fresh one
 *   started in its place;
 * - cannot be opened at all (a read-only or missing folder, no space):
 *   reported, and this session's journal kept in memory, marked failing,
 *   so trading goes on.
 * `undefined` path: an in-memory journal, by choice.
 */
export function openJournal<T>(
  path: string | undefined,
  options: DatabaseOptions,
  read: (db: DatabaseSync) => T,
): OpenedJournal<T> {
  if (path === undefined) return ready(openDatabase(undefined, options), read, [])
  const problems: string[] = []
  const inMemory = (err: unknown): OpenedJournal<T> => {
    const message = (err as Error).message
    problems.push(`Journal ${path} cannot be used: ${message}. This session's journal is kept in memory only`)
    return { ...ready(openDatabase(undefined, options), read, problems), failure: message }
  }
  try {
    return fromFile(path, options, read, problems)
  } catch (err) {
    const reason = unusableReason(err)
    if (reason === undefined) return inMemory(err)
    const aside = setAside(path)
    problems.push(`Journal ${path} could not be read: ${reason}. It is kept as ${aside}; a fresh journal is started`)
    try {
      return fromFile(path, options, read, problems)
    } catch (again) {
      return inMemory(again)
    }
  }
}

/** Opens the file and reads it; closes it again if that fails. */
function fromFile<T>(
  path: string,
  options: DatabaseOptions,
  read: (db: DatabaseSync) => T,
  problems: string[],
): OpenedJournal<T> {
  const db = openDatabase(path, options)
  try {
    return ready(db, read, problems)
  } catch (err) {
    db.close()
    throw err
  }
}

function ready<T>(db: DatabaseSync, read: (db: DatabaseSync) => T, problems: string[]): OpenedJournal<T> {
  return { db, value: read(db), problems }
}

/** Why a journal file cannot be used as it is and must be set aside, or undefined if the fault is elsewhere. */
function unusableReason(err: unknown): string | undefined {
  if (err instanceof NewerJournalError) return err.message
  const code = (err as { errcode?: unknown }).errcode
  if (typeof code !== 'number') return undefined
  // Extended result codes carry the primary one in their low byte.
  const primary = code & 0xff
  if (primary === SQLITE_NOTADB) return 'it is not a database'
  if (primary === SQLITE_CORRUPT) return `it is corrupt (${(err as Error).message})`
  return undefined
}

/**
 * Renames a journal file, with its write-ahead log and shared-memory index,
 * to `<path>.unreadable-<ms>` (and `…-wal`, `…-shm` beside it, so SQLite can
 * still open the set). Returns the new path.
 */
function setAside(path: string): string {
  const aside = `${path}.unreadable-${Date.now()}`
  renameSync(path, aside)
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix)
  return aside
}

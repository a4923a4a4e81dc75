import { DatabaseSync } from 'node:sqlite'
import { migrate, NewerJournalError, SCHEMA_VERSION, schemaVersion } from './schema'

/**
 * `NORMAL`: a commit is in the operating system's hands when it returns, so
 * it survives the process being killed; a power cut can lose the last
 * commits (never the file's consistency). `FULL`: an fsync per commit, so it
 * survives a power cut too, at a cost measured in the journal benchmark.
 */
export type SynchronousMode = 'NORMAL' | 'FULL'

export interface DatabaseOptions {
  synchronous?: SynchronousMode
  /**
   * Opens the file read-only, as a read-only folder or file would; tests use
   * it because they run as root, where a chmod does not stop writes.
   */
  readOnly?: boolean
}

/**
 * Longest a commit waits for another process's lock (a backup or a `sqlite3`
 * shell reading the file) before it counts as failed and is retried later.
 * Short, because the wait blocks the engine's thread: within this process
 * no connection ever holds a write transaction across a turn of the event
 * loop, so a wait here is never for ourselves.
 */
const BUSY_TIMEOUT_MS = 200
/** The write-ahead log is cut back to this size once checkpointed, rather than keeping its largest size. */
const WAL_SIZE_LIMIT = 64 << 20

/** A connection with the journal's settings, migrated to the current schema; `undefined` path: in memory. */
export function openDatabase(path: string | undefined, options: DatabaseOptions = {}): DatabaseSync {
  const db = new DatabaseSync(path ?? ':memory:', { readOnly: options.readOnly ?? false })
  try {
    // A newer EventDesk's journal is left exactly as it is: not even switched to WAL.
    const version = schemaVersion(db)
    if (version > SCHEMA_VERSION) throw new NewerJournalError(version)
    if (path !== undefined) {
      db.exec('PRAGMA journal_mode = WAL')
      // Checkpoints run on a thread of their own (checkpointer.ts), not inside a commit.
      db.exec('PRAGMA wal_autocheckpoint = 0')
      db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT}`)
    }
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
    db.exec(`PRAGMA synchronous = ${options.synchronous ?? 'NORMAL'}`)
    migrate(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

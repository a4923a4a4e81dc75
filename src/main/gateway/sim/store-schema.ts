import type { DatabaseSync } from 'node:sqlite'

/**
 * The simulated exchange's tables, one entry per schema version: entry i
 * takes a database from version i to i + 1. Append, never edit: a database
 * written by an older build is brought forward step by step.
 *
 * The exchange shares `journal.sqlite` with the desk's journal but not its
 * version: the journal owns `PRAGMA user_version`, the exchange keeps its own
 * in `sim_meta`, and every table it owns starts with `sim_`.
 */
export const SIM_MIGRATIONS: readonly string[] = [
  `CREATE TABLE sim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE sim_accounts (
     currency TEXT PRIMARY KEY,
     capital REAL NOT NULL,
     commission REAL NOT NULL,
     close_pnl REAL NOT NULL);
   CREATE TABLE sim_positions (
     vt_symbol TEXT NOT NULL,
     direction TEXT NOT NULL,
     lots INTEGER NOT NULL,
     yd_lots INTEGER NOT NULL,
     frozen_lots INTEGER NOT NULL,
     cost REAL NOT NULL,
     PRIMARY KEY (vt_symbol, direction));
   CREATE TABLE sim_orders (
     order_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     trading_day TEXT NOT NULL,
     vt_symbol TEXT NOT NULL,
     status TEXT NOT NULL,
     body TEXT NOT NULL);
   CREATE TABLE sim_trades (
     trade_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     trading_day TEXT NOT NULL,
     vt_symbol TEXT NOT NULL,
     body TEXT NOT NULL);
   CREATE TABLE sim_markets (vt_symbol TEXT PRIMARY KEY, state TEXT NOT NULL);`,
]

export const SIM_SCHEMA_VERSION = SIM_MIGRATIONS.length

/** The exchange's schema version in a database: 0 when it has none of its tables yet. */
export function simSchemaVersion(db: DatabaseSync): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sim_meta'`).get()
  if (table === undefined) return 0
  const row = db.prepare(`SELECT value FROM sim_meta WHERE key = 'schema_version'`).get()
  return row === undefined ? 0 : Number(row.value)
}

/**
 * Brings the exchange's tables up to `target` (default: this build's
 * version), one transaction per step, so a step that fails leaves the
 * database at the version before it. Refuses a database from a newer build
 * rather than guess at its tables.
 */
export function migrateSim(db: DatabaseSync, target = SIM_SCHEMA_VERSION): void {
  const version = simSchemaVersion(db)
  if (version > SIM_SCHEMA_VERSION)
    throw new Error(
      `its simulated exchange was written by a newer EventDesk (schema ${version}; this one knows up to ${SIM_SCHEMA_VERSION})`,
    )
  for (let step = version; step < target; step++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(SIM_MIGRATIONS[step])
      db.prepare(
        `INSERT INTO sim_meta (key, value) VALUES ('schema_version', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ).run(String(step + 1))
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
}

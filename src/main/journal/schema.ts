import type { DatabaseSync } from 'node:sqlite'

/**
 * The journal's schema, one step per version. A step never changes once it
 * has shipped: a change is a new step, so a journal of any earlier version
 * is brought up to date by running the steps it lacks, each in its own
 * transaction together with its `PRAGMA user_version`.
 *
 * Objects are kept whole as JSON in `data` (they cross IPC as JSON anyway,
 * and a field added later needs no step); the columns beside it are what
 * queries filter and sort on. Times are epoch milliseconds; trading days are
 * `YYYY-MM-DD` (see trading-day.ts).
 */
const STEPS: readonly string[] = [
  // 1: orders (latest state and every update), trades, logs, account and
  // position snapshots, strategy instances and variables, and a meta table.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE orders (
    vt_order_id TEXT PRIMARY KEY,
    trading_day TEXT NOT NULL,
    vt_symbol TEXT NOT NULL,
    reference TEXT NOT NULL,
    status TEXT NOT NULL,
    active INTEGER NOT NULL,
    datetime INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX orders_working ON orders (active) WHERE active = 1;

  CREATE TABLE order_updates (
    id INTEGER PRIMARY KEY,
    vt_order_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    status TEXT NOT NULL,
    traded REAL NOT NULL
  );

  CREATE TABLE trades (
    vt_trade_id TEXT PRIMARY KEY,
    trading_day TEXT NOT NULL,
    vt_symbol TEXT NOT NULL,
    vt_order_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    datetime INTEGER NOT NULL,
    data TEXT NOT NULL
  );

  -- code NULL: plain text, the message alone; a message code and its
  -- parameters (JSON) let a window show the log in the user's language.
  CREATE TABLE logs (
    id INTEGER PRIMARY KEY,
    trading_day TEXT NOT NULL,
    time INTEGER NOT NULL,
    level TEXT NOT NULL,
    source TEXT NOT NULL,
    code TEXT,
    params TEXT,
    message TEXT NOT NULL,
    stack TEXT
  );

  -- The latest snapshot of each account and position per trading day.
  CREATE TABLE account_snapshots (
    trading_day TEXT NOT NULL,
    vt_account_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (trading_day, vt_account_id)
  ) WITHOUT ROWID;
  CREATE TABLE position_snapshots (
    trading_day TEXT NOT NULL,
    vt_position_id TEXT NOT NULL,
    vt_symbol TEXT NOT NULL,
    time INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (trading_day, vt_position_id)
  ) WITHOUT ROWID;

  CREATE TABLE strategies (
    strategy_name TEXT PRIMARY KEY,
    class_name TEXT NOT NULL,
    vt_symbol TEXT NOT NULL,
    setting TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE strategy_variables (
    strategy_name TEXT PRIMARY KEY,
    variables TEXT NOT NULL,
    time INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: for a restart: which trading days each instrument has rows for (''
  // for the desk's own rows, logs), so it finds the current day of each
  // instrument without scanning the history; and the rejected orders, so the
  // trading core numbers its rejections on from the last one.
  `
  CREATE INDEX orders_rejected ON orders (vt_order_id) WHERE status = 'REJECTED';
  CREATE TABLE days (
    vt_symbol TEXT NOT NULL,
    trading_day TEXT NOT NULL,
    PRIMARY KEY (vt_symbol, trading_day)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO days SELECT DISTINCT vt_symbol, trading_day FROM orders;
  INSERT OR IGNORE INTO days SELECT DISTINCT vt_symbol, trading_day FROM trades;
  INSERT OR IGNORE INTO days SELECT DISTINCT '', trading_day FROM logs;
  `,
  // 3: paged history, newest first, over any time range, by instrument or
  // by strategy (an index on time also orders by rowid, the tie-break); a
  // restart reads the day's most recent rows of each instrument by them too.
  // Every index costs each commit a page or more: there is none beyond these.
  `
  CREATE INDEX orders_by_time ON orders (datetime);
  CREATE INDEX orders_by_symbol ON orders (vt_symbol, datetime);
  CREATE INDEX orders_by_reference ON orders (reference, datetime);
  CREATE INDEX trades_by_time ON trades (datetime);
  CREATE INDEX trades_by_symbol ON trades (vt_symbol, datetime);
  CREATE INDEX trades_by_reference ON trades (reference, datetime);
  CREATE INDEX logs_by_time ON logs (time);
  CREATE INDEX logs_by_source ON logs (source, time);
  `,
]

/** The version a journal has once every step has run. */
export const SCHEMA_VERSION = STEPS.length

/** The journal was written by a newer EventDesk: this one must not touch it. */
export class NewerJournalError extends Error {
  constructor(readonly version: number) {
    super(`it was written by a newer EventDesk (schema version ${version}; this one knows up to ${SCHEMA_VERSION})`)
    this.name = 'NewerJournalError'
  }
}

export function schemaVersion(db: DatabaseSync): number {
  return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)
}

/**
 * Brings the journal up to SCHEMA_VERSION, or to `target` (tests build each
 * earlier version with it). Returns the version it found.
 */
export function migrate(db: DatabaseSync, target = SCHEMA_VERSION): number {
  const found = schemaVersion(db)
  if (found > SCHEMA_VERSION) throw new NewerJournalError(found)
  for (let version = found + 1; version <= target; version++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(STEPS[version - 1])
      db.exec(`PRAGMA user_version = ${version}`)
      db.exec('COMMIT')
    } catch (err) {
      db.exec('ROLLBACK')
      throw err
    }
  }
  return found
}

import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/journal/database'
import { migrate, NewerJournalError, SCHEMA_VERSION, schemaVersion } from '../../src/main/journal/schema'
import { tempDataDir } from './helpers'

/** Every table, index and its SQL: what two journals must share to be the same schema. */
function schemaOf(db: DatabaseSync): unknown[] {
  return db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all()
}

describe('the journal schema', () => {
  it('is created from an empty file, in WAL mode, at the current version', () => {
    const path = join(tempDataDir(), 'journal.sqlite')
    const db = openDatabase(path)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    expect(db.prepare('PRAGMA busy_timeout').get()).toMatchObject({ timeout: expect.any(Number) })
    const tables = (schemaOf(db) as { type: string; name: string }[]).filter((e) => e.type === 'table')
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'meta',
        'orders',
        'order_updates',
        'trades',
        'logs',
        'account_snapshots',
        'position_snapshots',
        'strategies',
        'strategy_variables',
      ]),
    )
    db.close()
  })

  it.each(Array.from({ length: SCHEMA_VERSION }, (_, v) => v))(
    'brings a journal of version %i to exactly the schema of a new one',
    (version) => {
      const dir = tempDataDir()
      const old = new DatabaseSync(join(dir, 'old.sqlite'))
      migrate(old, version)
      expect(schemaVersion(old)).toBe(version)
      old.close()
      const upgraded = openDatabase(join(dir, 'old.sqlite'))
      const fresh = openDatabase(join(dir, 'fresh.sqlite'))
      expect(schemaVersion(upgraded)).toBe(SCHEMA_VERSION)
      expect(schemaOf(upgraded)).toEqual(schemaOf(fresh))
      upgraded.close()
      fresh.close()
    },
  )

  it('refuses a journal from a newer version and leaves it untouched', () => {
    const path = join(tempDataDir(), 'journal.sqlite')
    const newer = new DatabaseSync(path)
    newer.exec(`CREATE TABLE future (x); PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    newer.close()
    expect(() => openDatabase(path)).toThrow(NewerJournalError)
    const after = new DatabaseSync(path)
    expect(schemaVersion(after)).toBe(SCHEMA_VERSION + 1)
    expect(schemaOf(after)).toHaveLength(1)
    after.close()
  })
})

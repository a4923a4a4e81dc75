import { writeFileSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { SimStore } from '../../src/main/gateway/sim/store'
import { migrateSim, SIM_SCHEMA_VERSION, simSchemaVersion } from '../../src/main/gateway/sim/store-schema'
import type { LogLevel } from '../../src/shared/objects'
import { restartable, startSession } from './harness'

const { databasePath } = restartable()

function tables(path: string): string[] {
  const db = new DatabaseSync(path)
  const names = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .all()
    .map((row) => String(row.name))
  db.close()
  return names
}

/** Opens a store and collects what it reports. */
function openStore(path: string): { store: SimStore | undefined; reports: [string, LogLevel][] } {
  const reports: [string, LogLevel][] = []
  const store = SimStore.open(path, (message, level) => reports.push([message, level]))
  return { store, reports }
}

describe("the simulated exchange's schema", () => {
  it('is created in an empty file, beside the journal, without touching its version or tables', () => {
    const path = databasePath()
    const journal = new DatabaseSync(path)
    journal.exec('CREATE TABLE orders (id TEXT PRIMARY KEY); PRAGMA user_version = 7')
    journal.prepare('INSERT INTO orders VALUES (?)').run('SIM.1')
    const { store, reports } = openStore(path)
    expect(reports).toEqual([])
    store!.close()
    expect(journal.prepare('PRAGMA user_version').get()).toEqual({ user_version: 7 })
    expect(journal.prepare('SELECT id FROM orders').all()).toEqual([{ id: 'SIM.1' }])
    expect(journal.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    expect(simSchemaVersion(journal)).toBe(SIM_SCHEMA_VERSION)
    journal.close()
    expect(tables(path).filter((name) => name !== 'orders')).toEqual(
      ['sim_accounts', 'sim_markets', 'sim_meta', 'sim_orders', 'sim_positions', 'sim_trades'].sort(),
    )
  })

  it.each(Array.from({ length: SIM_SCHEMA_VERSION }, (_, version) => version))(
    'is brought forward from version %i',
    (version) => {
      const path = databasePath()
      const db = new DatabaseSync(path)
      migrateSim(db, version)
      expect(simSchemaVersion(db)).toBe(version)
      db.close()
      const { store, reports } = openStore(path)
      expect(reports).toEqual([])
      expect(store!.load()).toBeUndefined()
      store!.close()
      const reopened = new DatabaseSync(path)
      expect(simSchemaVersion(reopened)).toBe(SIM_SCHEMA_VERSION)
      reopened.close()
    },
  )

  it("refuses tables from a newer EventDesk, leaving them be, and keeps the exchange's books in memory", async () => {
    const path = databasePath()
    const db = new DatabaseSync(path)
    migrateSim(db)
    db.prepare(`UPDATE sim_meta SET value = ? WHERE key = 'schema_version'`).run(String(SIM_SCHEMA_VERSION + 1))
    db.close()
    const session = await startSession({ sim: { databasePath: path } })
    expect(session.main.getAllLogs().filter((log) => log.level === 'ERROR')).toMatchObject([
      {
        source: 'SIM',
        message:
          `the simulated exchange keeps its books in memory only: cannot use ${path}: ` +
          `Error: its simulated exchange was written by a newer EventDesk ` +
          `(schema ${SIM_SCHEMA_VERSION + 1}; this one knows up to ${SIM_SCHEMA_VERSION})`,
      },
    ])
    session.sim.queryAccount()
    await session.engine.idle()
    expect(session.main.getAccount('SIM.CNY')).toMatchObject({ balance: 5_000_000 })
    await session.main.close()
    session.sim.dispose()
    const reopened = new DatabaseSync(path)
    expect(simSchemaVersion(reopened)).toBe(SIM_SCHEMA_VERSION + 1)
    reopened.close()
  })

  it('reports a file that is not a database, with its path, and leaves it alone', () => {
    const path = databasePath()
    writeFileSync(path, 'these are not the pages you are looking for'.repeat(100))
    const { store, reports } = openStore(path)
    expect(store).toBeUndefined()
    expect(reports).toEqual([
      [
        `the simulated exchange keeps its books in memory only: cannot use ${path}: Error: file is not a database`,
        'ERROR',
      ],
    ])
  })
})

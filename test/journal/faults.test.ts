/**
 * Bad journal files and failing disks: each is reported with the file's
 * path, and the desk keeps trading. Tests run as root, where a chmod stops
 * nothing, so a full disk is simulated with `PRAGMA max_page_count` and a
 * read-only journal with a read-only connection.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import type { TradingDesk, TradingDeskOptions } from '../../src/main/hosts/trading-desk'
import { JOURNAL_FILE, SCHEMA_VERSION } from '../../src/main/journal'
import type { Batch } from '../../src/shared/contract'
import type { JournalStatus } from '../../src/shared/push'
import type { Log } from '../../src/shared/objects'
import { crossing, openManualDesk, tempDataDir } from './helpers'

const desks: TradingDesk[] = []
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close()
})

/** A desk on a manual clock, with a window that records what it is shown. */
async function openDesk(dataDir: string, options: TradingDeskOptions = {}) {
  const manual = await openManualDesk(dataDir, options)
  const { desk } = manual
  desks.push(desk)
  const shown = { logs: [] as Log[], orders: new Set<string>(), journal: [] as JournalStatus[] }
  const session = desk.bridge.open((batch: Batch) => {
    shown.logs.push(...(batch.snapshot?.logs ?? []), ...(batch.items.log ?? []))
    for (const o of batch.items.order ?? []) shown.orders.add(o.vtOrderId)
    for (const m of batch.items.metrics ?? []) if (m.journal) shown.journal.push(m.journal)
    void desk.bridge.handle(session, 'session:ack', { seq: batch.seq })
  })
  await desk.bridge.handle(session, 'session:subscribe', { kinds: ['log', 'order', 'metrics'] })
  await manual.settle()
  return { ...manual, shown, buy: () => manual.order(crossing()) }
}

const journalErrors = (logs: Log[]): string[] =>
  logs.filter((l) => l.source === 'journal' && l.level === 'ERROR').map((l) => l.message)

function committedOrders(path: string): string[] {
  const db = new DatabaseSync(path, { readOnly: true })
  const ids = (db.prepare('SELECT vt_order_id FROM orders').all() as { vt_order_id: string }[]).map(
    (r) => r.vt_order_id,
  )
  db.close()
  return ids
}

/** A journal with a day of trading in it, closed. */
async function journalWithTrades(dataDir: string): Promise<void> {
  const { desk, run, buy } = await openDesk(dataDir)
  buy()
  await run(200)
  await desk.close()
}

describe('a journal file that cannot be read', () => {
  it.each([
    {
      what: 'is not a database',
      make: (path: string) => writeFileSync(path, 'these are my trading notes, not a database\n'.repeat(200)),
      says: 'it is not a database',
    },
    {
      what: 'comes from a newer EventDesk',
      make: (path: string) => {
        const db = new DatabaseSync(path)
        db.exec(`CREATE TABLE orders_v9 (x); PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
        db.close()
      },
      says: 'it was written by a newer EventDesk',
    },
  ])('is set aside when it $what, reported with its path, and a fresh one started', async ({ make, says }) => {
    const dataDir = tempDataDir()
    const path = join(dataDir, JOURNAL_FILE)
    make(path)
    const before = readFileSync(path)
    const { desk, run, shown, buy } = await openDesk(dataDir)
    const [error] = journalErrors(shown.logs)
    expect(error).toContain(`Journal ${path} could not be read: ${says}`)
    const aside = readdirSync(dataDir).filter((f) => f.startsWith(`${JOURNAL_FILE}.unreadable-`))
    expect(aside).toEqual([expect.stringMatching(/^journal\.sqlite\.unreadable-\d+$/)])
    expect(error).toContain(join(dataDir, aside[0]))
    expect(readFileSync(join(dataDir, aside[0]))).toEqual(before)
    const id = buy()
    await run(200)
    expect(desk.journal.status()).toEqual({ state: 'ok', path, lost: 0 })
    expect(committedOrders(path)).toContain(id)
  })

  it('is set aside when it is corrupt', async () => {
    const dataDir = tempDataDir()
    const path = join(dataDir, JOURNAL_FILE)
    await journalWithTrades(dataDir)
    // Scribble over the pages of the table a start reads first.
    const db = new DatabaseSync(path)
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'days'").get() as {
      rootpage: number
    }
    const { page_size } = db.prepare('PRAGMA page_size').get() as { page_size: number }
    db.close()
    const bytes = readFileSync(path)
    bytes.fill(0xa5, (rootpage - 1) * page_size, rootpage * page_size)
    writeFileSync(path, bytes)

    const { desk, run, shown, buy } = await openDesk(dataDir)
    expect(journalErrors(shown.logs)[0]).toMatch(
      new RegExp(`^Journal ${path} could not be read: it is corrupt .*; a fresh journal is started$`),
    )
    const id = buy()
    await run(200)
    expect(desk.journal.status().state).toBe('ok')
    expect(committedOrders(path)).toEqual([id])
  })

  it('cannot be opened at all: the session keeps its journal in memory, marked failing', async () => {
    const dataDir = tempDataDir()
    mkdirSync(join(dataDir, JOURNAL_FILE)) // a folder where the file should be
    const { desk, run, shown, buy } = await openDesk(dataDir)
    expect(journalErrors(shown.logs)[0]).toContain(`Journal ${join(dataDir, JOURNAL_FILE)} cannot be used`)
    const id = buy()
    await run(1200)
    expect(shown.orders.has(id)).toBe(true)
    expect(desk.journal.status()).toMatchObject({ state: 'failing', path: join(dataDir, JOURNAL_FILE) })
    expect(shown.journal.at(-1)?.state).toBe('failing')
  })
})

describe('a journal that cannot write', () => {
  it('on a full disk: reported once, shown in the status, trading goes on, and it catches up when space returns', async () => {
    const dataDir = tempDataDir()
    const path = join(dataDir, JOURNAL_FILE)
    const { desk, run, shown, buy } = await openDesk(dataDir)
    const db = desk.journal.connection
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count
    db.exec(`PRAGMA max_page_count = ${pages}`)
    const during: string[] = []
    for (let i = 0; i < 3; i++) {
      for (let n = 0; n < 200; n++) desk.core.writeLog(`a long line to fill the disk ${'x'.repeat(400)} ${n}`)
      during.push(buy())
      await run(600)
    }
    expect(during.every((id) => shown.orders.has(id))).toBe(true)
    const errors = journalErrors(shown.logs)
    expect(errors).toEqual([expect.stringContaining(`Journal ${path} cannot write: database or disk is full`)])
    expect(desk.journal.status()).toMatchObject({ state: 'failing', path, message: 'database or disk is full' })
    expect(shown.journal.at(-1)).toMatchObject({ state: 'failing', message: 'database or disk is full' })
    expect(committedOrders(path)).not.toContain(during[0])

    db.exec('PRAGMA max_page_count = 1073741823')
    await run(1500)
    expect(desk.journal.status()).toEqual({ state: 'ok', path, lost: 0 })
    expect(shown.journal.at(-1)?.state).toBe('ok')
    expect(shown.logs.some((l) => l.source === 'journal' && l.message === `Journal ${path} writes again`)).toBe(true)
    expect(committedOrders(path)).toEqual(expect.arrayContaining(during))
  })

  it('read-only: reported, shown, and the desk trades and closes normally', async () => {
    const dataDir = tempDataDir()
    const path = join(dataDir, JOURNAL_FILE)
    await journalWithTrades(dataDir)
    const before = committedOrders(path)
    const { desk, run, shown, buy } = await openDesk(dataDir, { journal: { readOnly: true } })
    expect(desk.core.getAllOrders().map((o) => o.vtOrderId)).toEqual(expect.arrayContaining(before))
    const id = buy()
    await run(1200)
    expect(shown.orders.has(id)).toBe(true)
    expect(journalErrors(shown.logs)).toEqual([
      expect.stringContaining(`Journal ${path} cannot write: attempt to write a readonly database`),
    ])
    expect(shown.journal.at(-1)).toMatchObject({ state: 'failing', path })
    await desk.close()
    expect(committedOrders(path)).toEqual(before)
    expect(existsSync(path)).toBe(true)
  })
})

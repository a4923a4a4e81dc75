/**
 * strategy_setting.json and strategy_data.json as a careless user (or a
 * crash, or a newer version) leaves them, met on the first start with a
 * journal, which imports them: the desk starts, what it cannot use is
 * reported with the file's name and kept, and nothing in them is taken for
 * code (issue 10, defects 4 and 5).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DATA_FILE, JOURNAL_FILE, SETTING_FILE } from '../../src/main/journal'
import { describe, expect, it } from 'vitest'
import { createHarness, TestWindow } from '../bridge/harness'
import { IF, tempDir } from './harness'

const GRID = { className: 'GridStrategy', vtSymbol: IF, setting: { gridStep: 2 } }

/** The names of the strategy instances the journal in `dataDir` holds. */
function savedInstances(dataDir: string): string[] {
  const db = new DatabaseSync(join(dataDir, JOURNAL_FILE), { readOnly: true })
  const rows = db.prepare('SELECT strategy_name FROM strategies ORDER BY strategy_name').all() as {
    strategy_name: string
  }[]
  db.close()
  return rows.map((row) => row.strategy_name)
}

function setAside(dataDir: string, file: string): string[] {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith(`${file}.unreadable-`))
    .map((name) => readFileSync(join(dataDir, name), 'utf8'))
}

describe('strategy files that are not what they should be', () => {
  for (const text of ['null', '[]', '"text"', '42', '[{ "className": "GridStrategy" }]']) {
    it(`starts with strategy_setting.json holding ${text}: reports it by name, sets it aside, adds no demo`, async () => {
      const dataDir = tempDir()
      writeFileSync(join(dataDir, SETTING_FILE), text)
      const harness = createHarness({ dataDir, connect: false })
      await harness.settle()
      const { desk } = harness
      expect(desk.strategies!.getAllStates()).toEqual([])
      expect(setAside(dataDir, SETTING_FILE)).toEqual([text])
      const errors = desk.core.getAllLogs().filter((log) => log.level === 'ERROR')
      expect(errors).toHaveLength(1)
      expect(errors[0].message).toContain(join(dataDir, SETTING_FILE))
      expect(errors[0].message).toMatch(/not an object/)

      // From now on strategies are saved in the journal; the set-aside copy stays.
      await desk.strategies!.add('GridStrategy', 'grid', IF, {})
      await harness.close()
      expect(savedInstances(dataDir)).toEqual(['grid'])
      expect(setAside(dataDir, SETTING_FILE)).toEqual([text])
    })
  }

  it('sets aside a strategy_data.json that is not an object and keeps variables in the journal', async () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, DATA_FILE), '[{ "pos": 3 }]')
    const harness = createHarness({ dataDir, connect: false })
    await harness.settle()
    const { desk } = harness
    expect(setAside(dataDir, DATA_FILE)).toEqual(['[{ "pos": 3 }]'])
    expect(desk.core.getAllLogs().some((log) => log.message.includes(DATA_FILE) && log.level === 'ERROR')).toBe(true)
    expect(existsSync(join(dataDir, DATA_FILE))).toBe(false)
    await harness.close()
  })

  it('imports only entries that pass validation, reports each other one, and never instantiates them', async () => {
    const dataDir = tempDir()
    const path = join(dataDir, SETTING_FILE)
    const invalid = {
      'bad name!': GRID,
      constructor: GRID,
      prototype: GRID,
      typo: { ...GRID, vtSymbol: 42 },
      extra: { ...GRID, colour: 'red' },
      risky: { ...GRID, setting: { gridStep: { nested: true } } },
    }
    // `__proto__` written as JSON text: an object literal would set the prototype instead.
    const text = JSON.stringify({ grid: GRID, ...invalid }).replace(/^\{/, `{ "__proto__": ${JSON.stringify(GRID)},`)
    writeFileSync(path, text)
    const harness = createHarness({ dataDir, connect: false })
    await harness.settle()
    const { desk } = harness
    expect(desk.strategies!.getAllStates().map((state) => state.strategyName)).toEqual(['grid'])
    const errors = desk.core.getAllLogs().filter((log) => log.level === 'ERROR')
    for (const name of ['__proto__', ...Object.keys(invalid)])
      expect(
        errors.filter((log) => log.message.includes(`"${name}"`)),
        name,
      ).toHaveLength(1)
    expect(errors.every((log) => log.message.includes(`${SETTING_FILE}.imported`))).toBe(true)
    // The file stays, as it was, beside the journal.
    expect(readFileSync(`${path}.imported`, 'utf8')).toBe(text)
    await harness.close()
    expect(savedInstances(dataDir)).toEqual(['grid'])
  })

  it('keeps a saved instance whose class is gone, untouched, instead of dropping it on the next save', async () => {
    const dataDir = tempDir()
    const orphan = { className: 'MissingStrategy', vtSymbol: IF, setting: { window: 5 } }
    writeFileSync(join(dataDir, SETTING_FILE), JSON.stringify({ orphan }))
    const harness = createHarness({ dataDir, connect: false })
    await harness.settle()
    // Shown as not restored, to be removed if the user wants.
    expect(harness.desk.strategies!.getAllStates().map((state) => [state.strategyName, state.status])).toEqual([
      ['orphan', 'unrestored'],
    ])
    await harness.desk.strategies!.add('GridStrategy', 'grid', IF, {})
    await harness.close()
    expect(savedInstances(dataDir)).toEqual(['grid', 'orphan'])
  })
})

describe('reserved strategy names', () => {
  for (const strategyName of ['__proto__', 'constructor', 'prototype']) {
    it(`refuses ${strategyName} as a strategy name in commands and in the engine`, async () => {
      const harness = createHarness({ connect: false })
      try {
        const window = new TestWindow(harness.desk)
        for (const [channel, request] of [
          ['strategy:add', { className: 'GridStrategy', strategyName, vtSymbol: IF, setting: {} }],
          ['strategy:init', { strategyName }],
          ['strategy:remove', { strategyName }],
          ['strategy:edit', { strategyName, setting: {} }],
        ] as const)
          expect(await window.invoke(channel, request), channel).toMatchObject({
            ok: false,
            error: { code: 'INVALID_ARGUMENT', field: 'strategyName', message: expect.stringMatching(/reserved/) },
          })
        await expect(harness.desk.strategies!.add('GridStrategy', strategyName, IF, {})).rejects.toThrow(/reserved/)
        expect(harness.desk.strategies!.getAllStates().map((s) => s.strategyName)).not.toContain(strategyName)
      } finally {
        await harness.close()
      }
    })
  }
})

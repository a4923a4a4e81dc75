/**
 * strategy_setting.json and strategy_data.json as a careless user (or a
 * crash, or a newer version) leaves them: the desk starts, what it cannot
 * use is reported with the file's name and kept, and nothing in them is
 * taken for code (issue 10, defects 4 and 5).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createHarness, TestWindow } from '../bridge/harness'
import { IF, startStrategySession, tempDir } from './harness'

const DEMO = { className: 'GridStrategy', strategyName: 'grid_demo', vtSymbol: IF }
const GRID = { className: 'GridStrategy', vtSymbol: IF, setting: { gridStep: 2 } }

function setAside(dataDir: string, file: string): string[] {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith(`${file}.unreadable-`))
    .map((name) => readFileSync(join(dataDir, name), 'utf8'))
}

describe('strategy files that are not what they should be', () => {
  for (const text of ['null', '[]', '"text"', '42', '[{ "className": "GridStrategy" }]']) {
    it(`starts with strategy_setting.json holding ${text}: reports it by name, sets it aside, adds no demo`, async () => {
      const dataDir = tempDir()
      writeFileSync(join(dataDir, 'strategy_setting.json'), text)
      // Loading (the session loads) does not throw.
      const s = await startStrategySession({ dataDir, demo: DEMO })
      await s.engine.idle()
      expect(s.strategies.getAllStates()).toEqual([])
      expect(setAside(dataDir, 'strategy_setting.json')).toEqual([text])
      const errors = s.main.getAllLogs().filter((log) => log.level === 'ERROR')
      expect(errors).toHaveLength(1)
      expect(errors[0].message).toContain(join(dataDir, 'strategy_setting.json'))
      expect(errors[0].message).toMatch(/not an object/)

      // The next save writes a fresh file; the set-aside copy stays.
      await s.strategies.add('GridStrategy', 'grid', IF, {})
      expect(Object.keys(JSON.parse(readFileSync(join(dataDir, 'strategy_setting.json'), 'utf8')))).toEqual(['grid'])
      expect(setAside(dataDir, 'strategy_setting.json')).toEqual([text])
    })
  }

  it('sets aside a strategy_data.json that is not an object instead of overwriting it', async () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'strategy_data.json'), '[{ "pos": 3 }]')
    const s = await startStrategySession({ dataDir })
    await s.strategies.add('GridStrategy', 'grid', IF, {})
    await s.strategies.init('grid')
    await s.strategies.start('grid')
    await s.strategies.stop('grid')
    await s.engine.idle()
    expect(setAside(dataDir, 'strategy_data.json')).toEqual(['[{ "pos": 3 }]'])
    expect(JSON.parse(readFileSync(join(dataDir, 'strategy_data.json'), 'utf8'))).toEqual({
      grid: { pos: 0, fills: 0 },
    })
    expect(s.main.getAllLogs().some((log) => log.message.includes('strategy_data.json') && log.level === 'ERROR')).toBe(
      true,
    )
  })

  it('keeps entries that fail validation verbatim in the file, reports each, and never instantiates them', async () => {
    const dataDir = tempDir()
    const path = join(dataDir, 'strategy_setting.json')
    const invalid = {
      'bad name!': GRID,
      constructor: GRID,
      prototype: GRID,
      typo: { ...GRID, vtSymbol: 42 },
      extra: { ...GRID, colour: 'red' },
      risky: { ...GRID, setting: { gridStep: { nested: true } } },
    }
    // `__proto__` written as JSON text: an object literal would set the prototype instead.
    writeFileSync(
      path,
      JSON.stringify({ grid: GRID, ...invalid }).replace(/^\{/, `{ "__proto__": ${JSON.stringify(GRID)},`),
    )
    const s = await startStrategySession({ dataDir })
    await s.engine.idle()
    // Those a command can name show as not restored, to be removed; the others stay in the file alone.
    expect(s.strategies.getAllStates().map((state) => [state.strategyName, state.status])).toEqual([
      ['grid', 'added'],
      ['typo', 'unrestored'],
      ['extra', 'unrestored'],
      ['risky', 'unrestored'],
    ])
    const errors = s.main.getAllLogs().filter((log) => log.level === 'ERROR')
    for (const name of ['__proto__', ...Object.keys(invalid)])
      expect(
        errors.filter((log) => log.message.includes(`"${name}"`)),
        name,
      ).toHaveLength(1)
    expect(errors.every((log) => log.message.includes('strategy_setting.json'))).toBe(true)

    // A save (add, edit, remove) writes them back as they were.
    await s.strategies.add('GridStrategy', 'grid2', IF, {})
    await s.strategies.remove('grid')
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    expect(Object.hasOwn(saved, '__proto__')).toBe(true)
    expect(saved['__proto__']).toEqual(GRID)
    expect(Object.getPrototypeOf(saved)).toBe(Object.prototype)
    for (const [name, entry] of Object.entries(invalid)) expect(saved[name], name).toEqual(entry)
    expect(saved.grid2).toMatchObject({ className: 'GridStrategy' })
    expect(saved.grid).toBeUndefined()
  })

  it('keeps a saved instance whose class is gone in the file, untouched, instead of dropping it on the next save', async () => {
    const dataDir = tempDir()
    const path = join(dataDir, 'strategy_setting.json')
    const orphan = { className: 'MissingStrategy', vtSymbol: IF, setting: { window: 5 } }
    writeFileSync(path, JSON.stringify({ orphan }))
    const s = await startStrategySession({ dataDir })
    expect(s.strategies.getAllStates().map((state) => [state.strategyName, state.status])).toEqual([
      ['orphan', 'unrestored'],
    ])
    await s.strategies.add('GridStrategy', 'grid', IF, {})
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ orphan, grid: { className: 'GridStrategy' } })
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

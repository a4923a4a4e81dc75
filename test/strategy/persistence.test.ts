/**
 * A strategy's saved state is never lost (issue 13, defects 4 to 6): its
 * position and persistent variables are saved after each of its trades (a
 * crash keeps them), only by a run that has read them back (another instance
 * stopping never zeroes them), and a saved instance that cannot be restored
 * stays saved, untouched and shown, until the user removes it.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { JOURNAL_FILE } from '../../src/main/journal'
import { describe, expect, it } from 'vitest'
import { IF, RB, netVolume, startStrategySession, strategyFile, tempDir, type StrategySession } from './harness'

/** What the journal in `dataDir` has committed: each row of `table` by strategy name, its JSON column read. */
function committed(dataDir: string, sql: string): Record<string, unknown> {
  const db = new DatabaseSync(join(dataDir, JOURNAL_FILE), { readOnly: true })
  const rows = db.prepare(sql).all() as { name: string; value: string }[]
  db.close()
  return Object.fromEntries(rows.map(({ name, value }) => [name, JSON.parse(value)]))
}
const savedData = (dataDir: string): Record<string, Record<string, unknown>> =>
  committed(dataDir, 'SELECT strategy_name AS name, variables AS value FROM strategy_variables') as Record<
    string,
    Record<string, unknown>
  >
const savedSetting = (dataDir: string): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(
      committed(
        dataDir,
        `SELECT strategy_name AS name, json_object('className', class_name, 'vtSymbol', vt_symbol, 'setting', json(setting)) AS value FROM strategies`,
      ),
    ),
  )

/** Runs the grid `name` until it has traded and holds a position; leaves it trading. */
async function tradeUntilPositioned(s: StrategySession, name: string): Promise<void> {
  await s.strategies.add('GridStrategy', name, IF, { gridStep: 1, maxPos: 3 })
  await s.strategies.init(name)
  await s.strategies.start(name)
  await s.until(() => Number(s.state(name).variables.fills) > 2 && s.state(name).variables.pos !== 0, 60_000)
}

describe('strategy persistence', () => {
  it('saves the position after every trade, so a crash (no stop, no close) loses nothing', async () => {
    const dataDir = tempDir()
    const first = await startStrategySession({ dataDir })
    await tradeUntilPositioned(first, 'grid')
    await first.run(60_000)
    const own = first.main.getAllTrades().filter((t) => t.reference === 'grid')
    // No stop: what is on disk now is what a kill -9 would leave.
    expect(savedData(dataDir).grid).toEqual({ pos: netVolume(own), fills: own.length })

    const second = await startStrategySession({ dataDir })
    expect(await second.strategies.init('grid')).toMatchObject({
      status: 'inited',
      variables: { pos: netVolume(own), fills: own.length },
    })
  }, 60_000)

  it('never saves over the variables of an instance that has not read them back this run', async () => {
    const dataDir = tempDir()
    const first = await startStrategySession({ dataDir })
    await tradeUntilPositioned(first, 'a')
    await first.strategies.stop('a')
    await first.run(1000)
    const a = savedData(dataDir).a
    expect(a.pos).not.toBe(0)

    // Next run: only b is inited, trades and stops; a stays as it was added back.
    const second = await startStrategySession({ dataDir })
    await second.strategies.add('GridStrategy', 'b', RB, { gridStep: 1 })
    await second.strategies.init('b')
    await second.strategies.start('b')
    await second.run(60_000)
    await second.strategies.stop('b')
    await second.strategies.edit('a', { maxPos: 2 })
    await second.strategies.remove('b')
    await second.settle()
    expect(savedData(dataDir).a).toEqual(a)

    const third = await startStrategySession({ dataDir })
    expect((await third.strategies.init('a')).variables).toMatchObject(a)
  }, 60_000)

  it('keeps a saved instance whose class no longer loads, shows why, and writes it back untouched until removed', async () => {
    const MOMENTUM = strategyFile('MomentumStrategy', `onTick() {}`, {
      parameters: [{ name: 'lookback', type: 'integer', default: 5 }],
    })
    const dataDir = tempDir()
    const first = await startStrategySession({ dataDir, files: { 'momentum.js': MOMENTUM } })
    await first.strategies.add('MomentumStrategy', 'mom', IF, { lookback: 7 })
    await first.settle()
    const saved = savedSetting(dataDir).mom
    expect(saved).toEqual({ className: 'MomentumStrategy', vtSymbol: IF, setting: { lookback: 7 } })

    // A one-character typo in the file: its class does not load, and so the instance cannot be restored.
    const second = await startStrategySession({
      dataDir,
      files: { 'momentum.js': MOMENTUM.replace('onTick() {}', 'onTick() {') },
    })
    expect(second.state('mom')).toMatchObject({
      status: 'unrestored',
      className: 'MomentumStrategy',
      vtSymbol: IF,
      error: 'No strategy class named MomentumStrategy',
    })
    await expect(second.strategies.init('mom')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' })
    await expect(second.strategies.add('GridStrategy', 'mom', IF, {})).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
    })
    // Adds, edits and removes of other instances write it back as it was.
    await second.strategies.add('GridStrategy', 'grid', IF, {})
    await second.strategies.edit('grid', { gridStep: 3 })
    await second.strategies.add('GridStrategy', 'other', IF, {})
    await second.strategies.remove('other')
    await second.settle()
    expect(savedSetting(dataDir).mom).toEqual(saved)

    // Fixed, it is back with its parameters.
    writeFileSync(join(second.dir, 'momentum.js'), MOMENTUM)
    const third = await startStrategySession({ dataDir, strategyDirs: [second.dir] })
    expect(third.state('mom')).toMatchObject({ status: 'added', parameters: { lookback: 7 } })

    // Removed while unrestored, it is gone for good.
    writeFileSync(join(second.dir, 'momentum.js'), 'syntax error (')
    const fourth = await startStrategySession({ dataDir, strategyDirs: [second.dir] })
    expect(fourth.state('mom').status).toBe('unrestored')
    await fourth.strategies.remove('mom')
    await fourth.settle()
    expect(fourth.strategies.getAllStates().map((state) => state.strategyName)).toEqual(['grid'])
    expect(Object.keys(savedSetting(dataDir))).toEqual(['grid'])
  }, 60_000)
})

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import type { TradingDesk } from '../../src/main/hosts/trading-desk'
import { DATA_FILE, JOURNAL_FILE, LOCK_FILE, SETTING_FILE } from '../../src/main/journal'
import { openManualDesk, tempDataDir } from './helpers'

/** Buys once when started, then sells what it holds once the position is there; counts its fills. */
const TRADER = `module.exports = ({ CtaTemplate }) => class TwoWay extends CtaTemplate {
  static className = 'TwoWayStrategy'
  static parameters = []
  static variables = ['fills']
  static persistent = ['fills']
  vars = { fills: 0 }
  lastTick = undefined
  onTick(tick) {
    this.lastTick = tick
    if (!this.trading || this.sent === this.pos + 10) return
    this.sent = this.pos + 10
    if (this.pos === 0) this.buy(tick.askPrice1 + 5, 1)
    else if (this.pos === 1) this.sell(tick.bidPrice1 - 5, 1)
  }
  onTrade() { this.vars.fills++ }
}`

const desks: TradingDesk[] = []
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close()
})

async function openDesk(dataDir: string) {
  const manual = await openManualDesk(
    dataDir,
    { strategyEngine: { strategyDirs: [join(dataDir, 'strategies')] } },
    false,
  )
  desks.push(manual.desk)
  return manual
}

describe('strategy data in the journal', () => {
  it("commits a strategy's position with the trade that changed it, and its persistent variables right after", async () => {
    const dataDir = tempDataDir()
    mkdirSync(join(dataDir, 'strategies'))
    writeFileSync(join(dataDir, 'strategies', 'two-way.js'), TRADER)
    const { desk, run } = await openDesk(dataDir)
    const strategies = desk.strategies!
    await strategies.add('TwoWayStrategy', 'twoway', 'rb2701.SHFE', {})
    await run(500)
    await strategies.init('twoway')
    await strategies.start('twoway')

    // At every commit, what another connection reads agrees: pos is the net of the strategy's committed trades.
    // The fill count is the strategy's own, counted in its worker when it hears of the trade: it follows in
    // a later commit, one round trip to the worker on, and is never ahead.
    const reader = new DatabaseSync(join(dataDir, JOURNAL_FILE), { readOnly: true })
    const committedTrades = reader.prepare("SELECT data FROM trades WHERE reference = 'twoway'")
    const committedVariables = reader.prepare("SELECT variables FROM strategy_variables WHERE strategy_name = 'twoway'")
    const disagreements: string[] = []
    let checks = 0
    desk.engine.onSliceEnd(() => {
      const trades = (committedTrades.all() as { data: string }[]).map(
        (row) => JSON.parse(row.data) as { direction: string; volume: number },
      )
      const net = trades.reduce((sum, t) => sum + (t.direction === 'LONG' ? t.volume : -t.volume), 0)
      const row = committedVariables.get() as { variables: string } | undefined
      const saved =
        row === undefined ? { pos: 0, fills: 0 } : (JSON.parse(row.variables) as { pos: number; fills: number })
      checks++
      if (saved.pos !== net || saved.fills > trades.length || saved.fills < trades.length - 1)
        disagreements.push(`${trades.length} trades, net ${net}; saved ${JSON.stringify(saved)}`)
    })
    await run(8000)
    const trades = (committedTrades.all() as unknown[]).length
    expect(JSON.parse((committedVariables.get() as { variables: string }).variables)).toMatchObject({ fills: trades })
    reader.close()
    expect(strategies.state('twoway').variables.fills).toBeGreaterThanOrEqual(2)
    expect(checks).toBeGreaterThan(10)
    expect(disagreements).toEqual([])
  })

  it('imports strategy_setting.json and strategy_data.json once, and renames them *.imported', async () => {
    const dataDir = tempDataDir()
    const setting = {
      grid: { className: 'GridStrategy', vtSymbol: 'IF2612.CFFEX', setting: { gridStep: 2, maxPos: 3 } },
    }
    writeFileSync(join(dataDir, SETTING_FILE), JSON.stringify(setting))
    writeFileSync(join(dataDir, DATA_FILE), JSON.stringify({ grid: { pos: 2, fills: 7 } }))
    writeFileSync(join(dataDir, `${SETTING_FILE}.unreadable-1`), '{ "older": ')
    const first = await openDesk(dataDir)
    expect(first.desk.strategies!.getAllStates().map((s) => [s.strategyName, s.parameters.maxPos])).toEqual([
      ['grid', 3],
    ])
    expect(first.desk.strategies!.state('grid').variables).toMatchObject({ pos: 2, fills: 7 })
    expect(readdirSync(dataDir).sort()).toEqual(
      [
        JOURNAL_FILE,
        LOCK_FILE,
        `${JOURNAL_FILE}-shm`,
        `${JOURNAL_FILE}-wal`,
        `${DATA_FILE}.imported`,
        `${SETTING_FILE}.imported`,
        `${SETTING_FILE}.unreadable-1`,
      ].sort(),
    )
    expect(readFileSync(join(dataDir, `${SETTING_FILE}.unreadable-1`), 'utf8')).toBe('{ "older": ')
    await first.run(100)
    expect(first.desk.core.getAllLogs().some((l) => l.message.startsWith('Imported 1 strategy instance'))).toBe(true)
    await first.desk.strategies!.edit('grid', { maxPos: 4 })
    await first.run(100)
    await first.desk.close()

    // A file that turns up again later is not imported over what the journal holds.
    writeFileSync(join(dataDir, SETTING_FILE), JSON.stringify(setting))
    const second = await openDesk(dataDir)
    expect(second.desk.strategies!.state('grid').parameters.maxPos).toBe(4)
    expect(existsSync(join(dataDir, SETTING_FILE))).toBe(true)
  })

  it('sets an unreadable settings file aside, reports it, and neither overwrites it nor adds the demo', async () => {
    const dataDir = tempDataDir()
    writeFileSync(join(dataDir, SETTING_FILE), '{ "grid": { "className": ')
    const { desk, run } = await openDesk(dataDir)
    await run(100)
    expect(desk.strategies!.getAllStates()).toEqual([])
    const aside = readdirSync(dataDir).filter((f) => f.startsWith(`${SETTING_FILE}.unreadable-`))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dataDir, aside[0]), 'utf8')).toBe('{ "grid": { "className": ')
    const log = desk.core.getAllLogs().find((l) => l.level === 'ERROR' && l.message.includes('is not valid JSON'))
    expect(log?.message).toContain('starting from an empty strategy_setting.json')
  })

  it('adds the demo instance on the first start only, files or no files', async () => {
    const dataDir = tempDataDir()
    const first = await openDesk(dataDir)
    expect(first.desk.strategies!.getAllStates().map((s) => s.strategyName)).toEqual(['grid_demo'])
    await first.desk.strategies!.remove('grid_demo')
    await first.run(100)
    await first.desk.close()
    const second = await openDesk(dataDir)
    expect(second.desk.strategies!.getAllStates()).toEqual([])
  })
})

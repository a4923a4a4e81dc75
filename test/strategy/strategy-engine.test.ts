import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CtaTemplate, StrategyEngine } from '../../src/main/strategy'
import type { Order, Tick, Trade } from '../../src/shared/objects'
import { orderRequest } from '../gateway/harness'
import { IF, RB, netVolume, startStrategySession, tempDir } from './harness'

/** Records what the engine hands it, to check routing. */
class RecorderStrategy extends CtaTemplate {
  static readonly className = 'RecorderStrategy'
  static readonly description = 'test: records callbacks'
  static readonly parameters = [
    { name: 'quote', type: 'boolean' as const, default: false },
    /** How far under the bid it quotes: far enough, and the quote rests. */
    { name: 'below', type: 'number' as const, default: 0 },
  ]
  static readonly variables = ['ticks']
  vars = { ticks: 0 }
  readonly tickSymbols = new Set<string>()
  readonly orders: Order[] = []
  readonly trades: Trade[] = []
  sent: string[] | undefined

  override onTick(tick: Tick): void {
    this.vars.ticks++
    this.tickSymbols.add(tick.vtSymbol)
    if (this.params.quote && this.sent === undefined)
      this.sent = this.buy(tick.bidPrice1 - Number(this.params.below), 1)
  }

  override onOrder(order: Order): void {
    this.orders.push(order)
  }

  override onTrade(trade: Trade): void {
    this.trades.push(trade)
  }
}

class ExplodingStrategy extends CtaTemplate {
  static readonly className = 'ExplodingStrategy'
  static readonly description = 'test: onTick throws after a few ticks'
  static readonly parameters = [{ name: 'after', type: 'integer' as const, default: 3 }]
  static readonly variables = []
  vars = {}
  private seen = 0
  override onTick(): void {
    if (++this.seen > Number(this.params.after)) throw new Error('boom in onTick')
  }
}

describe('strategy engine', () => {
  it('runs the grid strategy on the simulated market: it trades and its position is the sum of its own trades', async () => {
    const s = await startStrategySession()
    s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, gridLevels: 2, orderVolume: 1, maxPos: 3 })
    await s.strategies.init('grid')
    expect(s.strategies.state('grid').status).toBe('inited')
    s.strategies.start('grid')
    await s.run(10 * 60_000)

    const own = s.main.getAllTrades().filter((t) => t.reference === 'grid')
    expect(own.length).toBeGreaterThan(2)
    const state = s.strategies.state('grid')
    expect(state.status).toBe('trading')
    expect(state.variables.pos).toBe(netVolume(own))
    expect(state.variables.fills).toBe(own.length)
    expect(Math.abs(Number(state.variables.pos))).toBeLessThanOrEqual(3)
    // Every order it sent carries its name.
    const sent = s.main.getAllOrders().filter((o) => o.reference === 'grid')
    expect(sent.length).toBeGreaterThan(own.length)
    expect(sent.every((o) => o.vtSymbol === IF)).toBe(true)
  }, 60_000)

  it('counts each trade once when the gateway replays the day after a reconnect', async () => {
    const s = await startStrategySession()
    s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, maxPos: 3 })
    await s.strategies.init('grid')
    s.strategies.start('grid')
    await s.run(5 * 60_000)
    const before = s.main.getAllTrades().filter((t) => t.reference === 'grid')
    expect(before.length).toBeGreaterThan(0)
    s.strategies.stop('grid')
    s.main.disconnect('SIM')
    s.main.connect({ seed: 7 }, 'SIM')
    await s.run(2000)
    const state = s.strategies.state('grid')
    expect(state.variables.pos).toBe(netVolume(before))
    expect(state.variables.fills).toBe(before.length)
  }, 60_000)

  it('warms the double moving average up from history before it trades', async () => {
    const s = await startStrategySession()
    s.strategies.add('DoubleMaStrategy', 'dma', IF, { fastWindow: 5, slowWindow: 12 })
    await s.strategies.init('dma')
    const state = s.strategies.state('dma')
    expect(state.status).toBe('inited')
    // 3 days of 1-minute history: both averages are already valid prices near the market.
    const last = s.main.getTick(IF)?.lastPrice ?? 4650
    expect(Number(state.variables.slowMa)).toBeGreaterThan(last * 0.95)
    expect(Number(state.variables.fastMa)).toBeGreaterThan(last * 0.95)
    expect(s.main.getAllOrders().filter((o) => o.reference === 'dma')).toEqual([])
  })

  it('trades on a crossover, long when the fast average crosses above the slow one', async () => {
    const s = await startStrategySession()
    s.strategies.add('DoubleMaStrategy', 'dma', IF, { fastWindow: 2, slowWindow: 3 })
    await s.strategies.init('dma')
    s.strategies.start('dma')
    const dma = s.strategies.getStrategy('dma')!
    const bar = (closePrice: number, minute: number) => ({
      symbol: 'IF2612',
      exchange: 'CFFEX' as const,
      vtSymbol: IF,
      gatewayName: 'SIM',
      interval: 1,
      datetime: minute * 60_000,
      openPrice: closePrice,
      highPrice: closePrice,
      lowPrice: closePrice,
      closePrice,
      volume: 1,
      turnover: 1,
      openInterest: 1,
    })
    // Falling then a sharp rise: fast(2) crosses above slow(3) on the last bar.
    for (const [i, price] of [4700, 4690, 4680, 4670, 4660, 4720].entries()) dma.onBar(bar(price, i))
    await s.engine.idle()
    const orders = s.main.getAllOrders().filter((o) => o.reference === 'dma')
    expect(orders.at(-1)).toMatchObject({ direction: 'LONG', offset: 'OPEN', volume: 1 })
    // Through the close by five ticks, so it crosses the book like a trader's order.
    expect(orders.at(-1)!.price).toBeCloseTo(4721, 6)
    expect(s.strategies.state('dma').variables.signal).toBe('golden cross')
  })

  it('stop cancels its working orders and releases every handler it took', async () => {
    const s = await startStrategySession()
    const baseline = s.engine.handlerCount()
    s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 50, gridLevels: 2 })
    await s.strategies.init('grid')
    s.strategies.start('grid')
    await s.run(2000)
    const working = s.main.getAllActiveOrders().filter((o) => o.reference === 'grid')
    expect(working.length).toBe(4)
    expect(s.engine.handlerCount()).toBeGreaterThan(baseline)

    s.strategies.stop('grid')
    await s.run(500)
    expect(s.strategies.state('grid').status).toBe('stopped')
    expect(s.main.getAllActiveOrders().filter((o) => o.reference === 'grid')).toEqual([])
    for (const o of working) expect(s.main.getOrder(o.vtOrderId)?.status).toBe('CANCELLED')
    expect(s.engine.handlerCount()).toBe(baseline)
  })

  it('gives a strategy only its own instrument, only once inited, and only its own orders and trades', async () => {
    const s = await startStrategySession({ extra: [RecorderStrategy] })
    s.main.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
    s.strategies.add('RecorderStrategy', 'rec', IF, { quote: true })
    await s.run(3000)
    const rec = s.strategies.getStrategy('rec') as RecorderStrategy
    expect(rec.vars.ticks).toBe(0)

    await s.strategies.init('rec')
    await s.run(3000)
    expect(rec.vars.ticks).toBeGreaterThan(0)
    expect([...rec.tickSymbols]).toEqual([IF])
    // Inited but not trading: the order it tried was not sent.
    expect(rec.sent).toEqual([])
    expect(s.main.getAllOrders().filter((o) => o.reference === 'rec')).toEqual([])

    s.strategies.start('rec')
    rec.sent = undefined
    const tick = s.main.getTick(IF)!
    s.main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.askPrice1, 1), 'SIM')
    await s.run(3000)
    expect(rec.sent).toHaveLength(1)
    expect(rec.orders.length).toBeGreaterThan(0)
    expect(rec.orders.every((o) => o.reference === 'rec' && o.vtOrderId === rec.sent![0])).toBe(true)
    expect(rec.trades.every((t) => t.vtOrderId === rec.sent![0])).toBe(true)
    expect(s.main.getAllTrades().some((t) => t.reference === 'manual')).toBe(true)
  })

  it('tells a stopped strategy nothing more: the cancel of its resting quote does not reach onOrder', async () => {
    const s = await startStrategySession({ extra: [RecorderStrategy] })
    s.strategies.add('RecorderStrategy', 'rec', IF, { quote: true, below: 100 })
    await s.strategies.init('rec')
    s.strategies.start('rec')
    await s.run(3000)
    const rec = s.strategies.getStrategy('rec') as RecorderStrategy
    expect(rec.sent).toHaveLength(1)
    expect(rec.orders.length).toBeGreaterThan(0)
    const heardBeforeStop = rec.orders.length

    s.strategies.stop('rec')
    await s.run(1000)
    expect(s.main.getOrder(rec.sent![0])?.status).toBe('CANCELLED')
    expect(rec.orders).toHaveLength(heardBeforeStop)
  })

  it('stops only the strategy whose onTick throws, reports it with its stack, and the rest carry on', async () => {
    const s = await startStrategySession({ extra: [ExplodingStrategy] })
    s.strategies.add('ExplodingStrategy', 'bad', IF, { after: 2 })
    s.strategies.add('GridStrategy', 'good', IF, { gridStep: 1 })
    await s.strategies.init('bad')
    await s.strategies.init('good')
    s.strategies.start('bad')
    s.strategies.start('good')
    const baselineErrors = s.engine.metrics().handlerErrors
    await s.run(5 * 60_000)

    const bad = s.strategies.state('bad')
    expect(bad.status).toBe('error')
    expect(bad.error).toContain('boom in onTick')
    const log = s.main.getAllLogs().find((l) => l.source === 'bad' && l.level === 'ERROR')!
    expect(log.message).toContain('boom in onTick')
    expect(log.stack).toContain('ExplodingStrategy')
    // The engine never saw a throwing handler: the strategy engine isolated it.
    expect(s.engine.metrics().handlerErrors).toBe(baselineErrors)
    expect(s.engine.isActive).toBe(true)
    expect(s.strategies.state('good').status).toBe('trading')
    expect(s.main.getAllTrades().filter((t) => t.reference === 'good').length).toBeGreaterThan(0)
  }, 60_000)

  it('validates parameters on add and on edit, and changes nothing when they are wrong', async () => {
    const s = await startStrategySession()
    const bad = [
      [{ fastWindow: 'ten' }, 'setting.fastWindow', 'must be a number'],
      [{ fastWindow: 2.5 }, 'setting.fastWindow', 'whole number'],
      [{ fastWindow: 1 }, 'setting.fastWindow', 'at least 2'],
      [{ speed: 3 }, 'setting.speed', 'not a parameter'],
      [{ fastWindow: 30, slowWindow: 20 }, 'setting', 'fastWindow must be less than slowWindow'],
    ] as const
    for (const [setting, field, message] of bad) {
      expect(() => s.strategies.add('DoubleMaStrategy', 'dma', IF, setting)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', field, message: expect.stringContaining(message) }),
      )
    }
    expect(s.strategies.getAllStates()).toEqual([])
    expect(() => s.strategies.add('NoSuchStrategy', 'x', IF, {})).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    )

    s.strategies.add('DoubleMaStrategy', 'dma', IF, { fastWindow: 5 })
    const before = s.strategies.state('dma')
    expect(() => s.strategies.edit('dma', { slowWindow: 4 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(s.strategies.state('dma')).toEqual(before)
    await s.strategies.init('dma')
    s.strategies.start('dma')
    expect(() => s.strategies.edit('dma', { fastWindow: 6 })).toThrow(
      expect.objectContaining({ code: 'FAILED_PRECONDITION' }),
    )
    expect(() => s.strategies.remove('dma')).toThrow(expect.objectContaining({ code: 'FAILED_PRECONDITION' }))
    s.strategies.stop('dma')
    expect(s.strategies.edit('dma', { fastWindow: 6 }).parameters).toMatchObject({ fastWindow: 6, slowWindow: 20 })
  })

  it('loads user strategy files, reports a broken one and loads the rest', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'momentum.js'),
      `module.exports = ({ CtaTemplate }) => class MomentumStrategy extends CtaTemplate {
        static className = 'MomentumStrategy'
        static description = 'user strategy'
        static parameters = [{ name: 'lookback', type: 'integer', default: 5, min: 1 }]
        static variables = ['last']
        vars = { last: 0 }
        onTick(tick) { this.vars.last = tick.lastPrice }
      }`,
    )
    writeFileSync(join(dir, 'syntax.js'), 'module.exports = ({ CtaTemplate }) => class extends CtaTemplate {')
    writeFileSync(join(dir, 'throws.js'), 'throw new Error("cannot start")')
    writeFileSync(join(dir, 'plain.cjs'), 'module.exports = ({}) => class NotAStrategy {}')
    writeFileSync(join(dir, 'notes.txt'), 'not a strategy file')
    const s = await startStrategySession({ strategyDirs: [dir] })
    s.strategies.load()
    const { classes, loadErrors } = s.strategies.classes()
    expect(classes.map((c) => c.className).sort()).toEqual(['DoubleMaStrategy', 'GridStrategy', 'MomentumStrategy'])
    expect(classes.find((c) => c.className === 'MomentumStrategy')?.source).toBe('user')
    expect(loadErrors.map((e) => e.file.slice(dir.length + 1)).sort()).toEqual(['plain.cjs', 'syntax.js', 'throws.js'])
    expect(loadErrors.find((e) => e.file.endsWith('throws.js'))?.message).toBe('cannot start')
    await s.engine.idle()
    expect(s.main.getAllLogs().filter((l) => l.level === 'ERROR' && l.message.includes('failed to load'))).toHaveLength(
      3,
    )

    s.strategies.add('MomentumStrategy', 'mom', IF, {})
    await s.strategies.init('mom')
    await s.run(2000)
    expect(Number(s.strategies.state('mom').variables.last)).toBeGreaterThan(0)

    // Reload picks up a file fixed on disk.
    writeFileSync(
      join(dir, 'throws.js'),
      'module.exports = ({ CtaTemplate }) => class Fixed extends CtaTemplate { static className = "FixedStrategy"; static parameters = []; static variables = []; vars = {} }',
    )
    const again = s.strategies.reload()
    expect(again.classes.map((c) => c.className)).toContain('FixedStrategy')
    expect(again.loadErrors).toHaveLength(2)
  })

  it('persists instances and parameters, and restores persistent variables on init', async () => {
    const dataDir = tempDir()
    const first = await startStrategySession({ dataDir })
    first.strategies.load()
    first.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, maxPos: 2 })
    first.strategies.add('DoubleMaStrategy', 'dma', RB, { fastWindow: 7 })
    await first.strategies.init('grid')
    first.strategies.start('grid')
    await first.run(5 * 60_000)
    const fills = first.strategies.state('grid').variables.fills
    const pos = first.strategies.state('grid').variables.pos
    expect(fills).toBeGreaterThan(0)
    first.strategies.stop('grid')
    first.strategies.remove('dma')

    const second = await startStrategySession({ dataDir })
    second.strategies.load()
    expect(second.strategies.getAllStates().map((st) => [st.strategyName, st.status, st.parameters.maxPos])).toEqual([
      ['grid', 'added', 2],
    ])
    // Its saved position shows from the start, before it is inited again.
    expect(second.strategies.state('grid').variables).toMatchObject({ fills, pos })
    await second.strategies.init('grid')
    expect(second.strategies.state('grid').variables).toMatchObject({ fills, pos })
  }, 60_000)

  it('adds one demo instance on first launch only', async () => {
    const dataDir = tempDir()
    const demo = { className: 'GridStrategy', strategyName: 'grid_demo', vtSymbol: IF }
    const first = await startStrategySession({ dataDir, demo })
    first.strategies.load()
    expect(first.strategies.getAllStates().map((st) => [st.strategyName, st.status])).toEqual([['grid_demo', 'added']])
    first.strategies.remove('grid_demo')

    const second = await startStrategySession({ dataDir, demo })
    second.strategies.load()
    expect(second.strategies.getAllStates()).toEqual([])
  })

  it('cannot be tricked into sending orders for another strategy or by a stale instance', async () => {
    const s = await startStrategySession({ extra: [RecorderStrategy] })
    s.strategies.add('RecorderStrategy', 'rec', IF, {})
    await s.strategies.init('rec')
    s.strategies.start('rec')
    const stale = s.strategies.getStrategy('rec')!
    s.strategies.stop('rec')
    await s.strategies.init('rec')
    s.strategies.start('rec')
    // The instance from the last run is gone: its orders go nowhere.
    expect(stale.buy(4600, 1)).toEqual([])
    expect(s.strategies).toBeInstanceOf(StrategyEngine)
  })
})

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { orderRequest } from '../gateway/harness'
import { IF, RB, netVolume, startStrategySession, strategyFile, tempDir } from './harness'

/** Records what the engine hands it, to check routing; with `quote`, tries to buy on every tick until it may. */
const RECORDER = strategyFile(
  'RecorderStrategy',
  `onTick(tick) {
    this.vars.ticks++
    if (!this.vars.symbols.includes(tick.vtSymbol)) this.vars.symbols += tick.vtSymbol + ' '
    if (this.params.quote && this.vars.sent === '') {
      this.vars.attempts++
      this.vars.sent = this.buy(tick.bidPrice1 - this.params.below, 1).join(' ')
    }
    this.putEvent()
  }
  onOrder(order) {
    this.vars.orders++
    if (order.reference !== this.strategyName || order.vtOrderId !== this.vars.sent) this.vars.strangers++
    this.putEvent()
  }
  onTrade(trade) {
    this.vars.trades++
    if (trade.vtOrderId !== this.vars.sent) this.vars.strangers++
    this.putEvent()
  }`,
  {
    vars: { ticks: 0, symbols: '', attempts: 0, sent: '', orders: 0, trades: 0, strangers: 0 },
    parameters: [
      { name: 'quote', type: 'boolean', default: false },
      { name: 'below', type: 'number', default: 0 },
    ],
  },
)

const EXPLODING = strategyFile(
  'ExplodingStrategy',
  `seen = 0
  onTick() {
    if (++this.seen > this.params.after) throw new Error('boom in onTick')
  }`,
  { parameters: [{ name: 'after', type: 'integer', default: 3 }] },
)

describe('strategy engine', () => {
  it('runs the grid strategy on the simulated market: it trades and its position is the sum of its own trades', async () => {
    const s = await startStrategySession()
    await s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, gridLevels: 2, orderVolume: 1, maxPos: 3 })
    await s.strategies.init('grid')
    expect(s.state('grid').status).toBe('inited')
    await s.strategies.start('grid')
    await s.run(10 * 60_000)

    const own = s.main.getAllTrades().filter((t) => t.reference === 'grid')
    expect(own.length).toBeGreaterThan(2)
    const state = s.state('grid')
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
    await s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, maxPos: 3 })
    await s.strategies.init('grid')
    await s.strategies.start('grid')
    await s.run(5 * 60_000)
    await s.strategies.stop('grid')
    await s.run(1000)
    const before = s.main.getAllTrades().filter((t) => t.reference === 'grid')
    expect(before.length).toBeGreaterThan(0)
    s.main.disconnect('SIM')
    s.main.connect({ seed: 7 }, 'SIM')
    await s.run(2000)
    const state = s.state('grid')
    expect(state.variables.pos).toBe(netVolume(before))
    expect(state.variables.fills).toBe(before.length)
  }, 60_000)

  it('warms the double moving average up from history before it trades', async () => {
    const s = await startStrategySession()
    await s.strategies.add('DoubleMaStrategy', 'dma', IF, { fastWindow: 5, slowWindow: 12 })
    await s.strategies.init('dma')
    const state = s.state('dma')
    expect(state.status).toBe('inited')
    // 3 days of 1-minute history: both averages are already valid prices near the market.
    const last = s.main.getTick(IF)?.lastPrice ?? 4650
    expect(Number(state.variables.slowMa)).toBeGreaterThan(last * 0.95)
    expect(Number(state.variables.fastMa)).toBeGreaterThan(last * 0.95)
    expect(s.main.getAllOrders().filter((o) => o.reference === 'dma')).toEqual([])
  })

  it('stop cancels its working orders and releases every handler it took', async () => {
    const s = await startStrategySession()
    const baseline = s.engine.handlerCount()
    await s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 50, gridLevels: 2 })
    await s.strategies.init('grid')
    await s.strategies.start('grid')
    await s.run(2000)
    const working = s.main.getAllActiveOrders().filter((o) => o.reference === 'grid')
    expect(working.length).toBe(4)
    expect(s.engine.handlerCount()).toBeGreaterThan(baseline)

    await s.strategies.stop('grid')
    await s.run(500)
    expect(s.state('grid').status).toBe('stopped')
    expect(s.main.getAllActiveOrders().filter((o) => o.reference === 'grid')).toEqual([])
    for (const o of working) expect(s.main.getOrder(o.vtOrderId)?.status).toBe('CANCELLED')
    expect(s.engine.handlerCount()).toBe(baseline)
  })

  it('gives a strategy only its own instrument, only once inited, and only its own orders and trades', async () => {
    const s = await startStrategySession({ files: { 'recorder.js': RECORDER } })
    s.main.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
    await s.strategies.add('RecorderStrategy', 'rec', IF, { quote: true })
    await s.run(3000)
    expect(s.state('rec').variables.ticks).toBe(0)

    await s.strategies.init('rec')
    await s.run(3000)
    const inited = s.state('rec').variables
    expect(inited.ticks).toBeGreaterThan(0)
    expect(inited.symbols).toBe(`${IF} `)
    // Inited but not trading: every order it tried was refused, none sent.
    expect(inited.attempts).toBeGreaterThan(0)
    expect(inited.sent).toBe('')
    expect(s.main.getAllOrders().filter((o) => o.reference === 'rec')).toEqual([])

    await s.strategies.start('rec')
    const tick = s.main.getTick(IF)!
    s.main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.askPrice1, 1), 'SIM')
    await s.run(3000)
    const trading = s.state('rec').variables
    expect(trading.sent).toBe('rec.1')
    expect(trading.orders).toBeGreaterThan(0)
    expect(trading.trades).toBeGreaterThan(0)
    // Each of its orders and trades carried the id buy() gave it; the manual order's never reached it.
    expect(trading.strangers).toBe(0)
    expect(s.main.getAllTrades().some((t) => t.reference === 'manual')).toBe(true)
    const own = s.main.getAllOrders().filter((o) => o.reference === 'rec')
    expect(own).toHaveLength(1)
    expect(trading.pos).toBe(netVolume(s.main.getAllTrades().filter((t) => t.reference === 'rec')))
  })

  it('tells a stopped strategy nothing more: the cancel of its resting quote does not reach onOrder', async () => {
    const s = await startStrategySession({ files: { 'recorder.js': RECORDER } })
    await s.strategies.add('RecorderStrategy', 'rec', IF, { quote: true, below: 100 })
    await s.strategies.init('rec')
    await s.strategies.start('rec')
    await s.run(3000)
    const heard = s.state('rec').variables.orders
    expect(heard).toBeGreaterThan(0)
    const [order] = s.main.getAllOrders().filter((o) => o.reference === 'rec')

    await s.strategies.stop('rec')
    await s.run(1000)
    expect(s.main.getOrder(order.vtOrderId)?.status).toBe('CANCELLED')
    expect(s.state('rec').variables.orders).toBe(heard)
  })

  it('stops only the strategy whose onTick throws, reports it with its stack, and the rest carry on', async () => {
    const s = await startStrategySession({ files: { 'exploding.js': EXPLODING } })
    await s.strategies.add('ExplodingStrategy', 'bad', IF, { after: 2 })
    await s.strategies.add('GridStrategy', 'good', IF, { gridStep: 1 })
    await s.strategies.init('bad')
    await s.strategies.init('good')
    await s.strategies.start('bad')
    await s.strategies.start('good')
    const baselineErrors = s.engine.metrics().handlerErrors
    await s.run(5 * 60_000)

    const bad = s.state('bad')
    expect(bad.status).toBe('error')
    expect(bad.error).toBe('onTick threw: boom in onTick')
    const log = s.logs('bad', 'ERROR')[0]
    expect(log.message).toBe('Strategy bad stopped: onTick threw: boom in onTick')
    expect(log.stack).toContain('ExplodingStrategy.onTick')
    expect(log.stack).toContain('exploding.js')
    // The engine never saw a throwing handler: the strategy ran in its own worker.
    expect(s.engine.metrics().handlerErrors).toBe(baselineErrors)
    expect(s.engine.isActive).toBe(true)
    expect(s.state('good').status).toBe('trading')
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
      await expect(s.strategies.add('DoubleMaStrategy', 'dma', IF, setting)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        field,
        message: expect.stringContaining(message),
      })
    }
    expect(s.strategies.getAllStates()).toEqual([])
    await expect(s.strategies.add('NoSuchStrategy', 'x', IF, {})).rejects.toMatchObject({ code: 'NOT_FOUND' })

    await s.strategies.add('DoubleMaStrategy', 'dma', IF, { fastWindow: 5 })
    const before = s.state('dma')
    await expect(s.strategies.edit('dma', { slowWindow: 4 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(s.state('dma')).toEqual(before)
    await s.strategies.init('dma')
    await s.strategies.start('dma')
    await expect(s.strategies.edit('dma', { fastWindow: 6 })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' })
    await expect(s.strategies.remove('dma')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' })
    await s.strategies.stop('dma')
    // In its worker too: the class's own check refuses, and nothing changes.
    await expect(s.strategies.edit('dma', { fastWindow: 30 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'setting',
    })
    expect((await s.strategies.edit('dma', { fastWindow: 6 })).parameters).toMatchObject({
      fastWindow: 6,
      slowWindow: 20,
    })
  })

  it('loads user strategy files in a worker, reports a broken one and loads the rest', async () => {
    const s = await startStrategySession({
      files: {
        'momentum.js': `module.exports = ({ CtaTemplate }) => class MomentumStrategy extends CtaTemplate {
          static className = 'MomentumStrategy'
          static description = 'user strategy'
          static parameters = [{ name: 'lookback', type: 'integer', default: 5, min: 1 }]
          static variables = ['last']
          vars = { last: 0 }
          onTick(tick) { this.vars.last = tick.lastPrice; this.putEvent() }
        }`,
        'syntax.js': 'module.exports = ({ CtaTemplate }) => class extends CtaTemplate {',
        'throws.js': 'throw new Error("cannot start")',
        'later.js': 'setTimeout(() => { throw new Error("thrown after loading") }, 0)',
        'plain.cjs': 'module.exports = ({}) => class NotAStrategy {}',
        'notes.txt': 'not a strategy file',
      },
    })
    const { classes, loadErrors } = await s.strategies.classes()
    expect(classes.map((c) => c.className).sort()).toEqual(['DoubleMaStrategy', 'GridStrategy', 'MomentumStrategy'])
    expect(classes.find((c) => c.className === 'MomentumStrategy')?.source).toBe('user')
    expect(loadErrors.map((e) => e.file.slice(s.dir.length + 1)).sort()).toEqual([
      'later.js',
      'plain.cjs',
      'syntax.js',
      'throws.js',
    ])
    expect(loadErrors.find((e) => e.file.endsWith('throws.js'))?.message).toBe('cannot start')
    await s.settle()
    expect(s.logs('strategy', 'ERROR').filter((l) => l.message.includes('failed to load'))).toHaveLength(4)

    await s.strategies.add('MomentumStrategy', 'mom', IF, {})
    await s.strategies.init('mom')
    await s.run(2000)
    expect(Number(s.state('mom').variables.last)).toBeGreaterThan(0)

    // Reload picks up a file fixed on disk.
    writeFileSync(
      join(s.dir, 'throws.js'),
      'module.exports = ({ CtaTemplate }) => class Fixed extends CtaTemplate { static className = "FixedStrategy"; static parameters = []; static variables = []; vars = {} }',
    )
    const again = await s.strategies.reload()
    expect(again.classes.map((c) => c.className)).toContain('FixedStrategy')
    expect(again.loadErrors).toHaveLength(3)
  })

  it('persists instances and parameters, and restores persistent variables on init', async () => {
    const dataDir = tempDir()
    const first = await startStrategySession({ dataDir })
    await first.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, maxPos: 2 })
    await first.strategies.add('DoubleMaStrategy', 'dma', RB, { fastWindow: 7 })
    await first.strategies.init('grid')
    await first.strategies.start('grid')
    await first.run(5 * 60_000)
    await first.strategies.stop('grid')
    await first.run(1000)
    const { fills, pos } = first.state('grid').variables
    expect(fills).toBeGreaterThan(0)
    await first.strategies.remove('dma')
    await first.settle()

    const second = await startStrategySession({ dataDir })
    expect(second.strategies.getAllStates().map((st) => [st.strategyName, st.status, st.parameters.maxPos])).toEqual([
      ['grid', 'added', 2],
    ])
    // Its saved position shows from the start, before it is inited again.
    expect(second.state('grid').variables).toMatchObject({ fills, pos })
    await second.strategies.init('grid')
    expect(second.state('grid').variables).toMatchObject({ fills, pos })
  }, 60_000)

  it('adds one demo instance on first launch only', async () => {
    const dataDir = tempDir()
    const demo = { className: 'GridStrategy', strategyName: 'grid_demo', vtSymbol: IF }
    const first = await startStrategySession({ dataDir, demo })
    expect(first.strategies.getAllStates().map((st) => [st.strategyName, st.status])).toEqual([['grid_demo', 'added']])
    await first.strategies.remove('grid_demo')
    await first.settle()

    const second = await startStrategySession({ dataDir, demo })
    expect(second.strategies.getAllStates()).toEqual([])
  })
})

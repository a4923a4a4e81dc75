/**
 * What a strategy asks of the desk is checked like any client's command
 * (issue 13): its orders pass the `order:send` schema and go out on its own
 * instrument only, within its own session's quota; it can cancel only its
 * own orders; and what its code posts to the engine by hand, past the
 * template, is checked the same way or ignored.
 */
import { describe, expect, it } from 'vitest'
import { SessionQuota } from '../../src/main/bridge'
import { DEFAULT_SETTINGS, settingSection } from '../../src/shared/settings'
import { orderRequest } from '../gateway/harness'
import { IF, startStrategySession, strategyFile } from './harness'

/** On its first trading tick, rests `count` bids far under the market and counts what comes back. */
const FLOOD = strategyFile(
  'FloodStrategy',
  `onTick(tick) {
    if (!this.trading || this.vars.sent > 0) return
    for (let i = 0; i < this.params.count; i++) this.vars.sent += this.buy(tick.bidPrice1 - 50 - i * 0.2, 1).length
    this.putEvent()
  }
  onOrder(order) {
    if (order.status === 'REJECTED') { this.vars.rejected++; this.vars.reason = order.rejectReason }
    this.putEvent()
  }`,
  { vars: { sent: 0, rejected: 0, reason: '' }, parameters: [{ name: 'count', type: 'integer', default: 40 }] },
)

/** Posts to the engine past the template, as any code in the worker can. */
const FORGER = strategyFile(
  'ForgerStrategy',
  `onTick(tick) {
    const { parentPort } = require('node:worker_threads')
    parentPort.postMessage({ type: 'order', localId: 'forged', direction: 'LONG', offset: 'OPEN', price: tick.askPrice1, volume: 1, stop: false })
    parentPort.postMessage({ type: 'exec', command: 'rm -rf /' })
    parentPort.postMessage({ type: 'cancel', localId: this.params.victim })
    parentPort.postMessage({ type: 'order', localId: 'nan', direction: 'LONG', offset: 'OPEN', price: 'cheap', volume: 1, stop: false })
  }`,
  { parameters: [{ name: 'victim', type: 'string', default: '' }] },
)

describe('commands from a strategy', () => {
  it('are limited as its own session: orders past its rate come back rejected, with the reason, and it is warned once', async () => {
    const limits = { ...settingSection(DEFAULT_SETTINGS, 'session'), ordersPerSecond: 20, maxWorkingOrders: 30 }
    const s = await startStrategySession({
      files: { 'flood.js': FLOOD },
      quota: () =>
        new SessionQuota(
          () => limits,
          () => s.scheduler.now(),
        ),
    })
    await s.strategies.add('FloodStrategy', 'flood', IF, {})
    await s.strategies.init('flood')
    await s.strategies.start('flood')
    await s.until(() => s.state('flood').variables.rejected === 20)

    expect(s.main.getAllActiveOrders().filter((o) => o.reference === 'flood')).toHaveLength(20)
    expect(s.state('flood').variables).toMatchObject({
      sent: 40,
      reason: expect.stringContaining('sends more than 20 orders a second'),
    })
    const warnings = s.logs('flood', 'WARNING').map((l) => l.message)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^Order not sent: This session sends more than 20 orders a second/)
    // A window's session is not affected.
    const tick = s.main.getTick(IF)!
    s.main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.bidPrice1 - 60, 1), 'SIM')
    await s.settle()
    expect(s.main.getAllActiveOrders().filter((o) => o.reference === 'manual')).toHaveLength(1)
  })

  it('posted past the template are checked like any command: no orders while not trading, no others’ cancels, nothing unknown', async () => {
    const s = await startStrategySession({ files: { 'forger.js': FORGER } })
    s.main.subscribe({ symbol: 'IF2612', exchange: 'CFFEX' }, 'SIM')
    await s.run(1000)
    const tick = s.main.getTick(IF)!
    const manual = s.main.sendOrder(orderRequest(IF, 'LONG', 'OPEN', tick.bidPrice1 - 60, 1), 'SIM')
    await s.strategies.add('ForgerStrategy', 'forger', IF, { victim: manual })
    await s.strategies.init('forger')
    await s.run(2000)
    expect(s.main.getAllOrders().filter((o) => o.reference === 'forger')).toEqual([])
    expect(s.logs('forger', 'WARNING').map((l) => l.message)).toContain('Order not sent: forger is not trading')
    expect(s.logs('forger', 'WARNING').map((l) => l.message)).toContain(
      "Ignored a message from forger's worker that it may not send (and will ignore any more)",
    )

    await s.strategies.start('forger')
    await s.run(2000)
    // Its forged orders go out on its own instrument, tagged with its name; the malformed one never does.
    const own = s.main.getAllOrders().filter((o) => o.reference === 'forger')
    expect(own.length).toBeGreaterThan(0)
    expect(own.every((o) => o.vtSymbol === IF)).toBe(true)
    expect(s.logs('forger', 'WARNING').some((l) => l.message.includes('used the order id forged twice'))).toBe(true)
    // The manual order it tried to cancel is working still.
    expect(s.main.getOrder(manual)?.status).toBe('NOTTRADED')
    expect(s.state('forger').status).toBe('trading')
  })

  it('carry variables as they are: NaN and long text neither stall a step nor fail the strategy', async () => {
    const odd = strategyFile('OddStrategy', `onStop() { this.vars.ma = NaN; this.vars.note = 'x'.repeat(1000) }`, {
      vars: { ma: 0, note: '' },
    })
    const s = await startStrategySession({ files: { 'odd.js': odd } })
    await s.strategies.add('OddStrategy', 'odd', IF, {})
    await s.strategies.init('odd')
    await s.strategies.start('odd')
    const stopped = await s.strategies.stop('odd')
    expect(stopped.status).toBe('stopped')
    expect(stopped.variables.ma).toBeNaN()
    expect(stopped.variables.note).toBe('x'.repeat(256))
  })
})

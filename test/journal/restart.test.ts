/** A desk closed and opened again on the same data folder finds its day as it left it. */
import { describe, expect, it } from 'vitest'
import type { Batch } from '../../src/shared/contract'
import { crossing, openManualDesk, tempDataDir } from './helpers'

describe('a restart', () => {
  it("restores the day's orders, trades and logs into the monitors and numbers rejections on", async () => {
    const dataDir = tempDataDir()
    const first = await openManualDesk(dataDir)
    first.order(crossing('LONG'))
    await first.run(2000) // the position comes with the next poll; only then can it be closed
    first.order(crossing('SHORT'), 'SHORT')
    const far = first.desk.core.getTick('rb2701.SHFE')!.bidPrice1 - 50
    const resting = first.order(() => far)
    // Off the price tick: the risk check rejects it.
    const rejected = first.order(() => far + 0.5)
    await first.run(1000)
    expect(rejected).toBe('SIM.R1')
    const orders = first.desk.core.getAllOrders()
    const trades = first.desk.core.getAllTrades()
    const logs = first.desk.core.getAllLogs()
    expect(trades.length).toBeGreaterThanOrEqual(2)
    // Left at the exchange, as a trader who quits with a resting order asked for.
    first.desk.core.writeLog('the last line before closing')
    await first.desk.close()

    const second = await openManualDesk(dataDir, {}, false)
    const { core } = second.desk
    expect(core.getAllOrders()).toEqual(expect.arrayContaining(orders.filter((o) => o.vtOrderId !== resting)))
    expect(core.getOrder(resting)?.status).toMatch(/NOTTRADED|CANCELLED/)
    expect(core.getAllTrades()).toEqual(trades)
    expect(core.getAllLogs().slice(0, logs.length)).toEqual(logs)
    expect(core.getAllLogs().some((l) => l.message === 'the last line before closing')).toBe(true)
    expect(core.getAllLogs().some((l) => l.source === 'journal' && l.message.startsWith('Restored'))).toBe(true)

    // What a window opened now draws from.
    const batches: Batch[] = []
    const session = second.desk.bridge.open((batch) => batches.push(batch))
    await second.desk.bridge.handle(session, 'session:subscribe', { kinds: ['order', 'trade', 'log'] })
    await second.settle()
    const snapshot = batches[0].snapshot!
    expect(snapshot.trades).toEqual(trades)
    expect(snapshot.orders.map((o) => o.vtOrderId)).toEqual(expect.arrayContaining(orders.map((o) => o.vtOrderId)))

    second.desk.core.subscribe({ symbol: 'rb2701', exchange: 'SHFE' }, 'SIM')
    await second.run(500)
    expect(second.order(() => far + 0.5)).toBe('SIM.R2')
    await second.desk.close()
  })
})

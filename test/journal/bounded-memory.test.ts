/**
 * The trading core keeps working orders and the most recent finished ones
 * and trades; older ones live only in the journal, where lookups by id and
 * trade de-duplication still find them.
 */
import { describe, expect, it } from 'vitest'
import { putKeyed } from '../../src/main/gateway/put-keyed'
import { DeskSettings } from '../../src/main/settings'
import { EVENT_TRADE } from '../../src/shared/events'
import type { Batch } from '../../src/shared/contract'
import { crossing, openManualDesk, tempDataDir } from './helpers'

const openDesk = (dataDir?: string) =>
  openManualDesk(dataDir, {
    trader: { orderCapacity: 5, tradeCapacity: 4 },
    settings: new DeskSettings({ flags: { 'risk.maxOrdersPerSecond': 0 } }),
  })

describe('bounded memory', () => {
  it.each([
    ['a data folder', tempDataDir()],
    ['an ephemeral desk', undefined],
  ])('keeps working orders and the latest finished orders and trades, and finds the rest (%s)', async (_, dir) => {
    const { desk, run, order } = await openDesk(dir)
    const working = [order((tick) => tick.bidPrice1 - 40), order((tick) => tick.bidPrice1 - 41)]
    const filled: string[] = []
    for (let i = 0; i < 12; i++) {
      filled.push(order(crossing()))
      await run(50)
    }
    await run(200)
    const held = desk.core.getAllOrders().map((o) => o.vtOrderId)
    expect(held).toEqual([...working, ...filled.slice(-5)])
    expect(desk.core.getAllActiveOrders().map((o) => o.vtOrderId)).toEqual(working)
    expect(desk.core.getAllTrades()).toHaveLength(4)
    // Gone from memory, not from the desk.
    expect(desk.core.getOrder(filled[0])).toMatchObject({ vtOrderId: filled[0], status: 'ALLTRADED' })
    const firstTrade = (await desk.bridge.handle(
      desk.bridge.open(() => {}),
      'trades:query',
      { limit: 1000 },
    )) as {
      value: { items: { vtTradeId: string; vtOrderId: string }[] }
    }
    const oldest = firstTrade.value.items.at(-1)!
    expect(oldest.vtOrderId).toBe(filled[0])
    expect(desk.core.getTrade(oldest.vtTradeId)).toMatchObject({ vtTradeId: oldest.vtTradeId })

    // A window's first snapshot carries the bounded set.
    const batches: Batch[] = []
    const session = desk.bridge.open((batch) => batches.push(batch))
    await desk.bridge.handle(session, 'session:subscribe', { kinds: ['order', 'trade'] })
    await run(50)
    expect(batches[0].snapshot!.orders).toHaveLength(7)
    expect(batches[0].snapshot!.trades).toHaveLength(4)

    // A gateway replaying an old trade (as after a reconnect) does not count it twice.
    const position = 'SIM.rb2701.SHFE.LONG'
    await run(1500)
    const volume = desk.core.getPosition(position)!.volume
    putKeyed(desk.engine, EVENT_TRADE, oldest.vtTradeId, desk.core.getTrade(oldest.vtTradeId)!)
    await run(50)
    expect(desk.core.getAllTrades().map((t) => t.vtTradeId)).not.toContain(oldest.vtTradeId)
    await run(1500)
    expect(desk.core.getPosition(position)!.volume).toBe(volume)
    const again = (await desk.bridge.handle(session, 'trades:query', { limit: 1000 })) as {
      value: { items: unknown[] }
    }
    expect(again.value.items).toHaveLength(12)
    await desk.close()
  })

  it("keeps a strategy's position from counting a replayed trade twice, after a restart too", async () => {
    const dataDir = tempDataDir()
    const first = await openDesk(dataDir)
    const strategies = first.desk.strategies!
    await strategies.add('GridStrategy', 'grid', 'rb2701.SHFE', { gridStep: 1, maxPos: 2 })
    const vtOrderId = first.order(crossing())
    // Make it the strategy's own order, as if the strategy had sent it.
    await first.run(100)
    const trade = first.desk.core.getAllTrades().find((t) => t.vtOrderId === vtOrderId)!
    const replayed = { ...trade, reference: 'grid', vtTradeId: `${trade.vtTradeId}-grid` }
    putKeyed(first.desk.engine, EVENT_TRADE, replayed.vtTradeId, replayed)
    await first.run(100)
    expect(strategies.state('grid').variables.pos).toBe(1)
    putKeyed(first.desk.engine, EVENT_TRADE, replayed.vtTradeId, replayed)
    await first.run(100)
    expect(strategies.state('grid').variables.pos).toBe(1)
    await first.desk.close()

    const second = await openDesk(dataDir)
    expect(second.desk.strategies!.state('grid').variables.pos).toBe(1)
    putKeyed(second.desk.engine, EVENT_TRADE, replayed.vtTradeId, replayed)
    await second.run(100)
    expect(second.desk.strategies!.state('grid').variables.pos).toBe(1)
    await second.desk.close()
  })
})

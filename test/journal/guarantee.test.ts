/**
 * The journal's promise, checked inside one process: every order update,
 * trade and log line a window receives is already committed, as a second
 * connection to the file (another process would see the same) can read.
 */
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { JOURNAL_FILE } from '../../src/main/journal'
import type { Batch } from '../../src/shared/contract'
import { tempDataDir } from './helpers'

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

let desk: TradingDesk | undefined
afterEach(async () => {
  await desk?.close()
  desk = undefined
})

describe('nothing reaches a window before it is committed', () => {
  it('holds for every order update, trade and log line of a busy session', async () => {
    const dataDir = tempDataDir()
    desk = createTradingDesk({ dataDir, connectSim: { tickRate: 200, pollEvery: 1 } })
    const reader = new DatabaseSync(join(dataDir, JOURNAL_FILE), { readOnly: true })
    const orderUpdate = reader.prepare(
      'SELECT 1 FROM order_updates WHERE vt_order_id = ? AND status = ? AND traded = ?',
    )
    const trade = reader.prepare('SELECT 1 FROM trades WHERE vt_trade_id = ?')
    const log = reader.prepare('SELECT 1 FROM logs WHERE time = ? AND source = ? AND message = ?')
    const missing: string[] = []
    const seen = { orders: 0, trades: 0, logs: 0 }
    const check = (batch: Batch): void => {
      for (const o of batch.items.order ?? []) {
        seen.orders++
        if (!orderUpdate.get(o.vtOrderId, o.status, o.traded)) missing.push(`order ${o.vtOrderId} ${o.status}`)
      }
      for (const t of batch.items.trade ?? []) {
        seen.trades++
        if (!trade.get(t.vtTradeId)) missing.push(`trade ${t.vtTradeId}`)
      }
      for (const l of batch.items.log ?? []) {
        seen.logs++
        if (!log.get(l.time, l.source, l.message)) missing.push(`log ${l.message}`)
      }
    }
    const session = desk.bridge.open((batch) => {
      check(batch)
      void desk!.bridge.handle(session, 'session:ack', { seq: batch.seq })
    })
    await desk.bridge.handle(session, 'session:subscribe', {})
    await until(() => desk!.core.getContract('rb2701.SHFE') !== undefined)
    await desk.bridge.handle(session, 'market:subscribe', { vtSymbols: ['rb2701.SHFE'] })
    await until(() => desk!.core.getTick('rb2701.SHFE') !== undefined && desk!.core.getAllAccounts().length > 0)
    for (let i = 0; i < 20; i++) {
      const tick = desk.core.getTick('rb2701.SHFE')!
      const reply = await desk.bridge.handle(session, 'order:send', {
        vtSymbol: 'rb2701.SHFE',
        direction: 'LONG',
        offset: 'OPEN',
        type: 'LIMIT',
        price: tick.askPrice1 + 5,
        volume: 1,
      })
      expect(reply.ok).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    // Off the price tick: the risk check rejects it, with a log line.
    const rejected = await desk.bridge.handle(session, 'order:send', {
      vtSymbol: 'rb2701.SHFE',
      direction: 'LONG',
      offset: 'OPEN',
      type: 'LIMIT',
      price: desk.core.getTick('rb2701.SHFE')!.askPrice1 + 0.5,
      volume: 1,
    })
    expect(rejected.ok).toBe(true)
    await until(() => desk!.core.getAllActiveOrders().length === 0 && seen.trades >= 20 && seen.logs > 0)
    reader.close()
    expect(seen.orders).toBeGreaterThanOrEqual(40)
    expect(seen.logs).toBeGreaterThan(0)
    expect(missing).toEqual([])
  }, 30_000)
})

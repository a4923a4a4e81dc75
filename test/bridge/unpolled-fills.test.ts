/**
 * Issue 14, defect 6: positions and accounts come on polls, seconds after a
 * fill; the window is told which fills the last polls do not show yet.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { UnpolledFills } from '../../src/shared/objects'
import { createHarness, crossingOrder, TestWindow, type Harness } from './harness'

const IF = 'IF2612.CFFEX'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** The latest unpolled-fills value the window holds, from its snapshot and the pushes since. */
function latestUnpolled(window: TestWindow): UnpolledFills | undefined {
  let latest: UnpolledFills | undefined
  for (const batch of window.batches) {
    if (batch.snapshot !== undefined) latest = batch.snapshot.unpolled
    latest = batch.items.unpolled?.at(-1) ?? latest
  }
  return latest
}

describe('unpolled fills', () => {
  it('are pushed when a fill comes and cleared by the polls that show it', async () => {
    const h = (harness = createHarness())
    const window = new TestWindow(h.desk)
    await h.settle()
    await window.invoke('market:subscribe', { vtSymbols: [IF] })
    await window.invoke('session:subscribe', {})
    await h.run(6000) // the first polls: positions and the account as they start
    expect(latestUnpolled(window)).toEqual({ positions: {}, accounts: [] })

    const sent = await window.invoke('order:send', { ...crossingOrder(h.desk, IF), volume: 2 })
    expect(sent.ok).toBe(true)
    await h.run(40)
    const filled = h.desk.core.getAllTrades().reduce((sum, trade) => sum + trade.volume, 0)
    expect(filled).toBeGreaterThan(0)
    expect(latestUnpolled(window)).toEqual({ positions: { [`SIM.${IF}.LONG`]: filled }, accounts: ['SIM.CNY'] })

    await h.run(6000)
    expect(latestUnpolled(window)).toEqual({ positions: {}, accounts: [] })
    // A window opened meanwhile learns of them from its snapshot.
    const late = new TestWindow(h.desk)
    await late.invoke('session:subscribe', {})
    await h.settle()
    expect(late.batches[0].snapshot?.unpolled).toEqual({ positions: {}, accounts: [] })
  })
})

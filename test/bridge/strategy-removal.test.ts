/**
 * Issue 14, defect 4: removing a strategy reaches every window, whichever
 * removed it; a card must not outlive its instance until a reload.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { StrategyState } from '../../src/shared/strategy'
import { createHarness, TestWindow, type Harness } from './harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

function strategyPushes(window: TestWindow, strategyName: string): StrategyState[] {
  return window.batches.flatMap((batch) => batch.items.strategy ?? []).filter((s) => s.strategyName === strategyName)
}

describe('strategy removal', () => {
  it("is pushed to every window as the instance's last state, and is not in later snapshots", async () => {
    const h = (harness = createHarness())
    const remover = new TestWindow(h.desk)
    const watcher = new TestWindow(h.desk)
    await remover.invoke('session:subscribe', {})
    await watcher.invoke('session:subscribe', {})
    await h.settle()
    expect(watcher.batches[0].snapshot?.strategies.map((s) => s.strategyName)).toEqual(['grid_demo'])

    await remover.invoke('strategy:remove', { strategyName: 'grid_demo' })
    await h.run(40)
    expect(strategyPushes(watcher, 'grid_demo').at(-1)).toMatchObject({ strategyName: 'grid_demo', status: 'removed' })

    const late = new TestWindow(h.desk)
    await late.invoke('session:subscribe', {})
    await h.settle()
    expect(late.batches[0].snapshot?.strategies).toEqual([])
  })

  it('wins over a state still waiting for the frame: a window never sees the instance come back', async () => {
    const h = (harness = createHarness())
    const window = new TestWindow(h.desk)
    await window.invoke('session:subscribe', {})
    await h.settle()
    await window.invoke('strategy:add', {
      className: 'DoubleMaStrategy',
      strategyName: 'dma',
      vtSymbol: 'IF2612.CFFEX',
      setting: {},
    })
    await window.invoke('strategy:remove', { strategyName: 'dma' })
    await h.run(40)
    expect(strategyPushes(window, 'dma').map((s) => s.status)).toEqual(['removed'])
  })
})

/**
 * Issue 14, defect 1: row buttons and double-clicks act on the row as the
 * store holds it when clicked, not as the grid drew it.
 */
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { marketMonitor, positionsMonitor } from '@renderer/monitors/definitions'
import { mountMonitor, position, setup, tick } from './fixtures'

enableAutoUnmount(afterEach)

describe('row actions', () => {
  it('Close acts on the position as it is now, not as it was when its row was drawn', async () => {
    const env = setup()
    env.snapshot({ positions: [position('LONG', { volume: 1 })] })
    const positions = mountMonitor(env, positionsMonitor as never, 'Positions')
    await flushPromises()
    // A second fill: the position grows from 1 lot to 3 after the button was drawn.
    env.push({ position: [position('LONG', { volume: 3 })] })
    await flushPromises()
    await positions.get('button[aria-label="Close Long IF2412.CFFEX"]').trigger('click')
    expect(positions.emitted('action')).toEqual([['close', expect.objectContaining({ volume: 3 })]])
  })

  it('Trade and double-click read the tick as it arrived, before the table redraws it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    try {
      const env = setup()
      env.snapshot({ ticks: [tick('BTC', 91_804)] })
      const market = mountMonitor(env, marketMonitor as never, 'Market')
      await flushPromises()
      vi.advanceTimersByTime(1000)
      env.push({ tick: [tick('BTC', 91_900)] })
      // Within the table's redraw pace: the grid still shows 91,900, the store has 92,135.
      vi.advanceTimersByTime(20)
      env.push({ tick: [tick('BTC', 92_135)] })
      await market.get('button[aria-label="Trade BTC.CFFEX"]').trigger('click')
      await market.get('.ag-row[row-id="BTC.CFFEX"] [col-id="symbol"]').trigger('dblclick')
      vi.advanceTimersByTime(1) // the grid tells of a double-click on a timer of its own
      expect(market.emitted('action')).toEqual([['trade', expect.objectContaining({ lastPrice: 92_135 })]])
      expect(market.emitted('activate')).toEqual([[expect.objectContaining({ lastPrice: 92_135 })]])
    } finally {
      vi.useRealTimers()
    }
  })

  it('does nothing for a row whose action no longer applies when clicked', async () => {
    const env = setup()
    env.snapshot({ positions: [position('LONG', { volume: 2 })] })
    const positions = mountMonitor(env, positionsMonitor as never, 'Positions')
    await flushPromises()
    const close = positions.get('button[aria-label="Close Long IF2412.CFFEX"]')
    // Closed elsewhere: the store knows before the button is redrawn away.
    env.store.positions.set('SIM.IF2412.CFFEX.LONG', position('LONG', { volume: 0 }))
    await close.trigger('click')
    expect(positions.emitted('action')).toBeUndefined()
  })
})

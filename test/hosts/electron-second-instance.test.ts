/**
 * A second launch of the desktop app while one runs: it must not open a
 * second desk on the same data folder (whose journal the first one holds),
 * nor a window; it quits and the first one comes to the front.
 */
import { describe, expect, it, vi } from 'vitest'
import { electronTestDriver as driver } from '../mocks/electron-test-driver'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'

vi.mock('electron', () => import('../mocks/electron'))
vi.mock('../../src/main/hosts/trading-desk', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/main/hosts/trading-desk')>()
  return { ...original, createTradingDesk: vi.fn(original.createTradingDesk) }
})

describe('the Electron entry, launched while another EventDesk runs', () => {
  it('quits without opening a desk or a window', async () => {
    driver.anotherInstanceRunning()
    await import('../../src/main/index')
    driver.ready()
    await driver.settle()
    expect(driver.hasQuit()).toBe(true)
    expect(driver.windows()).toEqual([])
    expect(vi.mocked(createTradingDesk)).not.toHaveBeenCalled()
  })
})

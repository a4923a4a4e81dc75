import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import type { GridApi } from 'ag-grid-community'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import LogsPanel from '@renderer/components/LogsPanel.vue'
import MonitorGrid from '@renderer/components/MonitorGrid.vue'
import OrdersPanel from '@renderer/components/OrdersPanel.vue'
import {
  accountsMonitor,
  marketMonitor,
  ordersMonitor,
  positionsMonitor,
  tradesMonitor,
} from '@renderer/monitors/definitions'
import { FRAME_MS, LIVE_REDRAW_MS, rowsPerFrame } from '@renderer/monitors/row-conflator'
import { usePreferences } from '@renderer/stores/preferences'
import { account, contract, gridOf, log, mountMonitor, order, position, setup, tick, trade } from './fixtures'

type Env = ReturnType<typeof setup>

/** The text of one column for every displayed row, in display order. */
function column(api: GridApi, colId: string): string[] {
  const out: string[] = []
  api.forEachNodeAfterFilterAndSort((node) =>
    out.push(api.getCellValue({ rowNode: node, colKey: colId, useFormatter: true }) as string),
  )
  return out
}

function cellText(region: Element, rowId: string, colId: string): string | undefined {
  return region.querySelector(`[row-id="${rowId}"] [col-id="${colId}"]`)?.textContent ?? undefined
}

/** Ids of the rows drawn in the DOM (pinned columns draw a row twice). */
function drawnRows(region: Element): string[] {
  return [...new Set([...region.querySelectorAll('.ag-row[row-id]')].map((row) => row.getAttribute('row-id')!))]
}

/** ag-grid tells its callbacks (sortChanged, columnResized…) asynchronously. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0))
  await flushPromises()
}

enableAutoUnmount(afterEach)

describe('market monitor', () => {
  it('renders one row per instrument, prices at the price tick precision, time with ms', async () => {
    const env = setup()
    env.snapshot({
      contracts: [contract('IF2412', 0.2), contract('600519', 0.01, { exchange: 'SSE', vtSymbol: '600519.SSE' })],
      ticks: [tick('IF2412', 3900), tick('600519', 1478.9, { exchange: 'SSE', vtSymbol: '600519.SSE' })],
    })
    const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    const region = wrapper.get('[aria-label="Market"]').element as HTMLElement
    expect(region.tagName).toBe('SECTION')
    expect(gridOf(wrapper).getDisplayedRowCount()).toBe(2)
    expect(cellText(region, 'IF2412.CFFEX', 'lastPrice')).toBe('3,900.0')
    expect(cellText(region, '600519.SSE', 'lastPrice')).toBe('1,478.90')
    expect(cellText(region, 'IF2412.CFFEX', 'time')).toBe('01:30:00.005')
    expect(cellText(region, 'IF2412.CFFEX', 'changePercent')).toBe('+0.13%')
  })

  it('updates a row in place by its key', async () => {
    const env = setup()
    env.snapshot({ contracts: [contract('IF2412')], ticks: [tick('IF2412', 3900), tick('IF2501', 3950)] })
    const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    const api = gridOf(wrapper)
    const node = api.getRowNode('IF2412.CFFEX')!
    env.push({ tick: [tick('IF2412', 3911.4)] })
    await flushPromises()
    expect(api.getDisplayedRowCount()).toBe(2)
    expect(api.getRowNode('IF2412.CFFEX')).toBe(node)
    expect(node.data.lastPrice).toBe(3911.4)
    const region = wrapper.element as HTMLElement
    expect(cellText(region, 'IF2412.CFFEX', 'lastPrice')).toBe('3,911.4')
    // A new instrument is added, the others are left where they are.
    env.push({ tick: [tick('IF2503', 3990)] })
    expect(column(api, 'symbol')).toEqual(['IF2412', 'IF2501', 'IF2503'])
  })

  describe('conflation: each row redrawn at most four times a second, the last value winning', () => {
    /** Advances the clock by one 60 Hz frame and pushes the given ticks as that frame's batch. */
    function frame(env: Env, ticks: ReturnType<typeof tick>[]): void {
      vi.advanceTimersByTime(FRAME_MS)
      if (ticks.length > 0) env.push({ tick: ticks })
    }

    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
      vi.advanceTimersByTime(1000)
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    it('shows the first change at once, then only the latest value, once its 250 ms are up', async () => {
      const env = setup()
      env.snapshot({ ticks: [tick('IF2412', 3900)] })
      const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
      await flushPromises()
      const node = gridOf(wrapper).getRowNode('IF2412.CFFEX')!
      env.push({ tick: [tick('IF2412', 3901)] })
      expect(node.data.lastPrice).toBe(3901)
      vi.advanceTimersByTime(20)
      env.push({ tick: [tick('IF2412', 3902)] })
      env.push({ tick: [tick('IF2412', 3903)] })
      expect(node.data.lastPrice).toBe(3901)
      // The row's turn comes with no further tick: the feed may have gone quiet, the last value still shows.
      vi.advanceTimersByTime(229)
      expect(node.data.lastPrice).toBe(3901)
      vi.advanceTimersByTime(1 + FRAME_MS)
      expect(node.data.lastPrice).toBe(3903)
      // A new instrument does not wait.
      env.push({ tick: [tick('IF2501', 3950)] })
      expect(gridOf(wrapper).getDisplayedRowCount()).toBe(2)
    })

    it('redraws a row ticking every frame at most 4 times a second, ending on its last tick', async () => {
      const env = setup()
      env.snapshot({ ticks: [tick('IF2412', 3900)] })
      const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
      await flushPromises()
      const node = gridOf(wrapper).getRowNode('IF2412.CFFEX')!
      let shown = node.data
      let redraws = 0
      for (let i = 1; i <= 120; i++) {
        frame(env, [tick('IF2412', 3900 + i)])
        if (node.data !== shown) redraws++
        shown = node.data
      }
      // Two seconds of ticks: the first at once, then one every 250 ms.
      expect(redraws).toBeGreaterThanOrEqual(7)
      expect(redraws).toBeLessThanOrEqual(9)
      for (let i = 0; i < 20; i++) frame(env, [])
      expect(node.data.lastPrice).toBe(4020)
      expect(cellText(wrapper.element, 'IF2412.CFFEX', 'lastPrice')).toBe('4,020.00')
    })

    it('spreads a table whose every row ticks over the frames, never redrawing all of it in one', async () => {
      const env = setup()
      const symbols = Array.from({ length: 60 }, (_, i) => `S${i}`)
      env.snapshot({ ticks: symbols.map((symbol) => tick(symbol, 100)) })
      const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
      await flushPromises()
      const api = gridOf(wrapper)
      const nodes = symbols.map((symbol) => api.getRowNode(`${symbol}.CFFEX`)!)
      let shown = nodes.map((node) => node.data)
      const redrawsPerFrame: number[] = []
      for (let i = 1; i <= 60; i++) {
        frame(
          env,
          symbols.map((symbol) => tick(symbol, 100 + i)),
        )
        redrawsPerFrame.push(nodes.filter((node, n) => node.data !== shown[n]).length)
        shown = nodes.map((node) => node.data)
      }
      // The first frame may take a burst; after it, a few rows a frame, evenly.
      expect(Math.max(...redrawsPerFrame)).toBeLessThan(60)
      expect(Math.max(...redrawsPerFrame.slice(1))).toBeLessThanOrEqual(rowsPerFrame(60, LIVE_REDRAW_MS))
      expect(redrawsPerFrame.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(60 * 5)
      // Rows out of sight catch up less often, but every row ends on its last tick.
      for (let i = 0; i < 180; i++) frame(env, [])
      expect(nodes.every((node) => node.data.lastPrice === 160)).toBe(true)
    })

    it('redraws order rows on every change: orders are facts, not a feed', async () => {
      const env = setup()
      env.snapshot({ orders: [order('1')] })
      const wrapper = mountMonitor(env, ordersMonitor as never, 'Orders')
      await flushPromises()
      const node = gridOf(wrapper).getRowNode('SIM.1')!
      env.push({ order: [order('1', { status: 'PARTTRADED', traded: 1, volume: 3 })] })
      env.push({ order: [order('1', { status: 'ALLTRADED', traded: 3, volume: 3 })] })
      expect(node.data.status).toBe('ALLTRADED')
    })
  })

  it('flashes the changed bid, ask and last price, unless the trader turned flashing off', async () => {
    const env = setup()
    env.snapshot({ ticks: [tick('IF2412', 3900)] })
    const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    const api = gridOf(wrapper)
    const flashing = () => api.getColumns()!.filter((column) => column.getColDef().enableCellChangeFlash)
    expect(flashing().map((column) => column.getColId())).toEqual(['lastPrice', 'bidPrice1', 'askPrice1'])
    usePreferences().flashChanges = false
    await flushPromises()
    expect(flashing()).toEqual([])
  })

  it('sorts numbers as numbers', async () => {
    const env = setup()
    env.snapshot({ ticks: [tick('A', 95), tick('B', 10000), tick('C', 900)] })
    const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    const api = gridOf(wrapper)
    api.applyColumnState({ state: [{ colId: 'lastPrice', sort: 'asc' }] })
    expect(column(api, 'symbol')).toEqual(['A', 'C', 'B'])
    api.applyColumnState({ state: [{ colId: 'volume', sort: 'desc' }], defaultState: { sort: null } })
    await settle()
    env.push({
      tick: [tick('A', 95, { volume: 20 }), tick('B', 10000, { volume: 300 }), tick('C', 900, { volume: 1000 })],
    })
    expect(column(api, 'symbol')).toEqual(['C', 'B', 'A'])
  })

  it('re-sorts on updates only when sorted by a live column', async () => {
    const env = setup()
    env.snapshot({ ticks: [tick('A', 95), tick('B', 10000), tick('C', 900)] })
    const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    const api = gridOf(wrapper)
    api.applyColumnState({ state: [{ colId: 'symbol', sort: 'asc' }] })
    await settle()
    expect(api.getGridOption('suppressModelUpdateAfterUpdateTransaction')).toBe(true)
    api.applyColumnState({ state: [{ colId: 'lastPrice', sort: 'asc' }], defaultState: { sort: null } })
    await settle()
    expect(api.getGridOption('suppressModelUpdateAfterUpdateTransaction')).toBe(false)
    env.push({ tick: [tick('B', 1)] })
    expect(column(api, 'symbol')).toEqual(['B', 'A', 'C'])
  })

  it('persists column state and forgets it on reset layout', async () => {
    const env = setup()
    env.snapshot({ ticks: [tick('A', 95)] })
    const wrapper = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    const api = gridOf(wrapper)
    api.applyColumnState({ state: [{ colId: 'lastPrice', sort: 'desc', width: 140 }] })
    await settle()
    const saved = JSON.parse(localStorage.getItem('eventdesk:columns:market')!) as { colId: string; sort: string }[]
    expect(saved.find((c) => c.colId === 'lastPrice')?.sort).toBe('desc')
    wrapper.unmount()

    const again = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    expect(
      gridOf(again)
        .getColumnState()
        .find((c) => c.colId === 'lastPrice'),
    ).toMatchObject({ sort: 'desc', width: 140 })
    const { useLayout } = await import('@renderer/stores/layout')
    useLayout().reset()
    await settle()
    expect(
      gridOf(again)
        .getColumnState()
        .find((c) => c.colId === 'lastPrice')?.sort,
    ).toBeNull()
    const stored = JSON.parse(localStorage.getItem('eventdesk:columns:market') ?? '[]') as {
      colId: string
      sort: unknown
      width: number
    }[]
    expect(stored.find((c) => c.colId === 'lastPrice') ?? { sort: null, width: 92 }).toMatchObject({
      sort: null,
      width: 92,
    })
  })
})

describe('orders', () => {
  it('shows active orders only in the active view and cancels from a labelled row button', async () => {
    const env = setup()
    env.snapshot({ orders: [order('1'), order('2', { status: 'ALLTRADED', traded: 1 })] })
    const wrapper = mount(OrdersPanel, { global: env.global, attachTo: document.body })
    await flushPromises()
    const active = wrapper.get('[aria-label="Active orders"]')
    const all = wrapper.get('[aria-label="Orders"]')
    expect(drawnRows(active.element)).toEqual(['SIM.1'])
    // Each table's column chooser sits in the tab bar rather than a header row of its own,
    // beside the tab list, which holds tabs only (WAI-ARIA's required children of a tablist).
    expect(wrapper.get('.tabs').find('summary[aria-label="Columns: Active orders"]').exists()).toBe(true)
    expect(wrapper.findAll('[role="tablist"] > *').map((child) => child.attributes('role'))).toEqual(['tab', 'tab'])
    expect(drawnRows(all.element).sort()).toEqual(['SIM.1', 'SIM.2'])

    const cancel = active.get('button[aria-label="Cancel order IF2412 1"]')
    await cancel.trigger('click')
    expect(env.api.callsTo('order:cancel')).toEqual([{ vtOrderId: 'SIM.1' }])

    // The cancellation arrives: the row leaves the active view, and its button leaves the full view.
    env.push({ order: [order('1', { status: 'CANCELLED' })] })
    await flushPromises()
    expect(drawnRows(active.element)).toEqual([])
    expect(all.find('button[aria-label="Cancel order IF2412 1"]').exists()).toBe(false)
  })

  it('puts new orders on top', async () => {
    const env = setup()
    env.snapshot({ orders: [order('1'), order('2')] })
    const wrapper = mount(OrdersPanel, { global: env.global, attachTo: document.body })
    await flushPromises()
    env.push({ order: [order('3')] })
    const grids = wrapper.findAllComponents(MonitorGrid)
    expect(column(gridOf(grids[1]), 'orderId')).toEqual(['3', '2', '1'])
  })
})

describe('trades, positions and accounts', () => {
  it('render their rows with signs on PnL, coloured by sign', async () => {
    const env = setup()
    env.snapshot({
      contracts: [contract('IF2412')],
      trades: [trade('7')],
      positions: [position('LONG', { pnl: 1200 }), position('SHORT', { pnl: -300.5 })],
      accounts: [account({ balance: 1_234_567.891 })],
    })
    const trades = mountMonitor(env, tradesMonitor as never, 'Trades')
    const positions = mountMonitor(env, positionsMonitor as never, 'Positions')
    const accounts = mountMonitor(env, accountsMonitor as never, 'Accounts')
    await flushPromises()
    expect(cellText(trades.element as HTMLElement, 'SIM.7', 'price')).toBe('3,900.0')
    const positionsElement = positions.element as HTMLElement
    expect(cellText(positionsElement, 'SIM.IF2412.CFFEX.LONG', 'pnl')).toBe('+1,200.00')
    expect(cellText(positionsElement, 'SIM.IF2412.CFFEX.SHORT', 'pnl')).toBe('-300.50')
    const longPnl = positionsElement.querySelector('[row-id="SIM.IF2412.CFFEX.LONG"] [col-id="pnl"]')!
    expect(longPnl.classList.contains('ed-up')).toBe(true)
    expect(
      positionsElement.querySelector('[row-id="SIM.IF2412.CFFEX.SHORT"] [col-id="pnl"]')!.classList.contains('ed-down'),
    ).toBe(true)
    expect(cellText(accounts.element as HTMLElement, 'SIM.A1', 'balance')).toBe('1,234,567.89')

    env.push({ position: [position('LONG', { pnl: -50 })] })
    expect(cellText(positionsElement, 'SIM.IF2412.CFFEX.LONG', 'pnl')).toBe('-50.00')
  })
})

describe('trades', () => {
  it('drop the oldest rows past the cap, newest on top', async () => {
    const env = setup({ tradeCapacity: 2 })
    env.snapshot({ trades: [trade('1'), trade('2')] })
    const wrapper = mountMonitor(env, tradesMonitor as never, 'Trades')
    await flushPromises()
    env.push({ trade: [trade('3')] })
    expect(column(gridOf(wrapper), 'tradeId')).toEqual(['3', '2'])
  })
})

describe('row actions', () => {
  it('offers Trade on market rows and Close on positions, as labelled buttons', async () => {
    const env = setup()
    env.snapshot({ ticks: [tick('IF2412', 3900)], positions: [position('LONG'), position('SHORT', { volume: 0 })] })
    const market = mountMonitor(env, marketMonitor as never, 'Market')
    const positions = mountMonitor(env, positionsMonitor as never, 'Positions')
    await flushPromises()
    await market.get('button[aria-label="Trade IF2412.CFFEX"]').trigger('click')
    expect(market.emitted('action')).toEqual([['trade', expect.objectContaining({ vtSymbol: 'IF2412.CFFEX' })]])
    await positions.get('button[aria-label="Close Long IF2412.CFFEX"]').trigger('click')
    expect(positions.emitted('action')?.[0][1]).toMatchObject({ vtPositionId: 'SIM.IF2412.CFFEX.LONG' })
    expect(positions.find('button[aria-label="Close Short IF2412.CFFEX"]').exists()).toBe(false)
  })
})

describe('market columns as vnpy has them', () => {
  it('shows Name, Open and Gateway by default, and Enter on a row does what double-clicking it does', async () => {
    const env = setup()
    env.snapshot({
      contracts: [contract('IF2412', 0.2)],
      ticks: [tick('IF2412', 3900, { name: '沪深300股指2412', openPrice: 3888.4 })],
    })
    const market = mountMonitor(env, marketMonitor as never, 'Market')
    await flushPromises()
    const api = gridOf(market)
    const shown = api.getAllDisplayedColumns().map((column) => column.getColId())
    expect(shown).toEqual(expect.arrayContaining(['symbol', 'exchange', 'name', 'openPrice', 'gateway']))
    expect(shown.indexOf('openPrice')).toBeLessThan(shown.indexOf('highPrice'))
    const region = market.element as HTMLElement
    expect(cellText(region, 'IF2412.CFFEX', 'name')).toBe('沪深300股指2412')
    expect(cellText(region, 'IF2412.CFFEX', 'openPrice')).toBe('3,888.4')
    expect(cellText(region, 'IF2412.CFFEX', 'gateway')).toBe('SIM')

    await market.get('.ag-row[row-id="IF2412.CFFEX"] [col-id="symbol"]').trigger('keydown', { key: 'Enter' })
    await settle()
    expect(market.emitted('activate')).toEqual([[expect.objectContaining({ vtSymbol: 'IF2412.CFFEX' })]])
  })
})

describe('logs', () => {
  it('caps the log, shows how many lines were dropped, and filters by level', async () => {
    const env = setup({ logCapacity: 3 })
    env.snapshot({ logs: [log('one'), log('two', { level: 'WARNING' })] })
    const wrapper = mount(LogsPanel, { global: env.global, attachTo: document.body })
    await flushPromises()
    const api = gridOf(wrapper.findComponent(MonitorGrid))
    expect(column(api, 'message')).toEqual(['two', 'one'])
    expect(wrapper.find('.logs-dropped').exists()).toBe(false)

    env.push({ log: [log('three', { level: 'ERROR' }), log('four')] })
    await flushPromises()
    expect(column(api, 'message')).toEqual(['four', 'three', 'two'])
    expect(wrapper.get('.logs-dropped').text()).toBe('1 older lines dropped')

    await wrapper.get('select').setValue('WARNING')
    await flushPromises()
    expect(column(api, 'message')).toEqual(['three', 'two'])
    expect(column(api, 'level')).toEqual(['Error', 'Warning'])
  })
})

import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import type { GridApi } from 'ag-grid-community'
import { afterEach, describe, expect, it, vi } from 'vitest'
import MonitorGrid from '@renderer/components/MonitorGrid.vue'
import { csvCell, csvFileName } from '@renderer/monitors/csv-export'
import { marketMonitor, ordersMonitor, tradesMonitor } from '@renderer/monitors/definitions'
import type { MonitorDefinition } from '@renderer/monitors/monitor'
import { contract, order, setup, tick, trade } from './fixtures'

enableAutoUnmount(afterEach)
afterEach(() => vi.restoreAllMocks())

/** Clicks the table's Export CSV and reads back the file it hands the browser to save. */
async function exportFrom(definition: MonitorDefinition<never>, title: string, env: ReturnType<typeof setup>) {
  const wrapper = mount(MonitorGrid, {
    props: { definition: definition as unknown as MonitorDefinition, title },
    global: env.global,
    attachTo: document.body,
  })
  await flushPromises()
  const files: Blob[] = []
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    files.push(blob as Blob)
    return 'blob:eventdesk/1'
  })
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
  const api = (wrapper.vm as unknown as { gridApi: GridApi }).gridApi
  const exported = vi.spyOn(api, 'exportDataAsCsv')
  const button = wrapper.findAll('button').find((element) => element.text() === 'Export CSV')!
  await button.trigger('click')
  expect(files).toHaveLength(1)
  const bytes = new Uint8Array(await files[0].arrayBuffer())
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  return { wrapper, api, text, bytes, fileName: exported.mock.calls[0][0]!.fileName }
}

/** The file's rows, each cell unquoted (ag-grid quotes every cell and doubles inner quotes). */
function parse(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1].replace(/""/g, '"')))
}

const localStamp = (epochMs: number): string => {
  const at = new Date(epochMs)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return (
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ` +
    `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`
  )
}

describe('Export CSV', () => {
  it('saves every row of Trades, visible columns with their headers, raw numbers, as UTF-8 with a BOM', async () => {
    const env = setup()
    env.snapshot({
      contracts: [contract('IF2412', 0.2)],
      trades: [
        trade('T1', { price: 3900.2, volume: 2, commission: 1234.5678 }),
        trade('T2', { direction: 'SHORT', offset: 'CLOSE', price: 3911.4, reference: 'grid_demo' }),
      ],
    })
    const { text, bytes, fileName } = await exportFrom(tradesMonitor as never, 'Trades', env)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(fileName).toMatch(/^eventdesk-trades-\d{4}-\d\d-\d\d\.csv$/)
    const [header, ...rows] = parse(text)
    expect(header).toEqual([
      'Trade ID',
      'Order ID',
      'Symbol',
      'Direction',
      'Offset',
      'Price',
      'Volume',
      'Time',
      'Commission',
      'Source',
    ])
    // Newest first, as the table shows them.
    expect(rows).toEqual([
      ['T2', '1', 'IF2412', 'Short', 'Close', '3911.4', '1', localStamp(trade('T2').datetime), '27', 'grid_demo'],
      ['T1', '1', 'IF2412', 'Long', 'Open', '3900.2', '2', localStamp(trade('T1').datetime), '1234.5678', 'manual'],
    ])
  })

  it('leaves out hidden columns and the row buttons, and takes in columns the trader shows', async () => {
    const env = setup()
    env.snapshot({ contracts: [contract('IF2412')], orders: [order('7', { rejectReason: '=HYPERLINK("x")' })] })
    const { api, wrapper } = await exportFrom(ordersMonitor as never, 'Orders', env)
    const header = () => parse(api.getDataAsCsv(lastParams(api))!)[0]
    expect(header()).not.toContain('Actions')
    expect(header()).not.toContain('Exchange')
    api.setColumnsVisible(['exchange'], true)
    await wrapper
      .findAll('button')
      .find((element) => element.text() === 'Export CSV')!
      .trigger('click')
    expect(header()).toContain('Exchange')
    // A cell a spreadsheet would run as a formula is defused.
    const rows = parse(api.getDataAsCsv(lastParams(api))!)
    expect(rows[1]).toContain(`'=HYPERLINK("x")`)
  })

  it('writes the market as it stands, with Chinese names intact', async () => {
    const env = setup()
    env.snapshot({
      contracts: [contract('600519', 0.01, { exchange: 'SSE', vtSymbol: '600519.SSE' })],
      ticks: [tick('600519', 1478.9, { exchange: 'SSE', vtSymbol: '600519.SSE', name: '贵州茅台', preClose: 1500 })],
    })
    const { text } = await exportFrom(marketMonitor as never, 'Market', env)
    const [header, row] = parse(text)
    expect(row[header.indexOf('Name')]).toBe('贵州茅台')
    expect(row[header.indexOf('Last')]).toBe('1478.9')
    expect(row[header.indexOf('Open')]).toBe('1478.9')
    expect(Number(row[header.indexOf('Change %')])).toBeCloseTo(-1.4067, 4)
    expect(row[header.indexOf('Gateway')]).toBe('SIM')
  })
})

/** The params of the grid's last exportDataAsCsv call. */
function lastParams(api: GridApi) {
  const calls = (api.exportDataAsCsv as unknown as { mock: { calls: [Parameters<GridApi['exportDataAsCsv']>[0]][] } })
    .mock.calls
  return calls[calls.length - 1][0]
}

describe('CSV cells and names', () => {
  it('name the file eventdesk-<table>-<local date>.csv', () => {
    expect(csvFileName('activeOrders', new Date(2026, 10, 26, 23, 59))).toBe('eventdesk-active-orders-2026-11-26.csv')
  })

  it('write numbers raw less float dust, and missing values empty', () => {
    const t = (key: string) => key
    expect(csvCell({ id: 'pnl', kind: 'pnl' }, 0.1 + 0.2, t)).toBe('0.3')
    expect(csvCell({ id: 'price', kind: 'price' }, 62100000, t)).toBe('62100000')
    expect(csvCell({ id: 'pnl', kind: 'pnl' }, -12.5, t)).toBe('-12.5')
    expect(csvCell({ id: 'x', kind: 'percent' }, undefined, t)).toBe('')
    expect(csvCell({ id: 'x', kind: 'percent' }, Number.NaN, t)).toBe('')
    expect(csvCell({ id: 'source', kind: 'text' }, '+cmd', t)).toBe("'+cmd")
  })
})

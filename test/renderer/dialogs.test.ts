import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { GridApi } from 'ag-grid-community'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref, type Component } from 'vue'
import AboutDialog from '@renderer/components/AboutDialog.vue'
import ContractsDialog from '@renderer/components/ContractsDialog.vue'
import ModalDialog from '@renderer/components/ModalDialog.vue'
import { useTicket } from '@renderer/stores/ticket'
import type { DeskAbout } from '../../src/shared/contract'
import { contract, setup, tick } from './fixtures'

enableAutoUnmount(afterEach)

/** ag-grid tells its callbacks asynchronously. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0))
  await flushPromises()
}

/** A dialog component as its owner shows it: mounted means open. */
function mountOpen(component: Component, env: ReturnType<typeof setup>): VueWrapper {
  return mount(component, { global: env.global, attachTo: document.body })
}

/** Whether the dialog asked its owner to close it. */
const askedToClose = (wrapper: VueWrapper): boolean => (wrapper.emitted('close')?.length ?? 0) > 0

/** The dialog's accessible name: the text of what aria-labelledby points at. */
function nameOf(dialog: Element): string {
  return document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent!.trim()
}

const CONTRACTS = [
  contract('IF2612', 0.2, { name: '沪深300股指2612', vtSymbol: 'IF2612.CFFEX' }),
  contract('BTCUSDT', 0.01, {
    exchange: 'BINANCE',
    vtSymbol: 'BTCUSDT.BINANCE',
    name: 'BTC/USDT',
    product: 'SPOT',
    size: 1,
    minVolume: 0.00001,
    marginRate: 1,
  }),
  contract('600519', 0.01, {
    exchange: 'SSE',
    vtSymbol: '600519.SSE',
    name: '贵州茅台',
    product: 'EQUITY',
    size: 1,
    minVolume: 100,
    marginRate: 1,
  }),
]

describe('a modal dialog', () => {
  it('opens modal when shown, named by its title, its first field focused; on Escape its owner closes it and focus goes back', async () => {
    const env = setup()
    const opener = document.createElement('button')
    document.body.append(opener)
    opener.focus()
    const open = ref(false)
    const Host = defineComponent(
      () => () =>
        open.value
          ? h(ModalDialog, { title: 'Test', onClose: () => (open.value = false) }, () => h('input', { id: 'first' }))
          : null,
    )
    const wrapper = mount(Host, { global: env.global, attachTo: document.body })
    expect(wrapper.find('dialog').exists()).toBe(false) // nothing while closed

    open.value = true
    await flushPromises()
    const dialog = wrapper.get('dialog').element as HTMLDialogElement
    expect(dialog.open).toBe(true)
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(nameOf(dialog)).toBe('Test')
    expect(document.activeElement?.id).toBe('first')

    // Escape: the browser sends `cancel` to the open modal dialog.
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }))
    await flushPromises()
    expect(open.value).toBe(false)
    expect(dialog.open).toBe(false)
    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(document.activeElement).toBe(opener)
    opener.remove()
  })
})

describe('the Contracts dialog', () => {
  async function mountContracts() {
    const env = setup()
    env.snapshot({ contracts: CONTRACTS, ticks: [tick('IF2612', 4650)] })
    const wrapper = mountOpen(ContractsDialog, env)
    await settle()
    const grid = (wrapper.findComponent({ name: 'MonitorGrid' }).vm as unknown as { gridApi: GridApi }).gridApi
    const rows = (): string[] => {
      const ids: string[] = []
      grid.forEachNodeAfterFilterAndSort((node) => ids.push(node.id!))
      return ids
    }
    const search = wrapper.get('#contracts-search')
    return { env, wrapper, grid, rows, search }
  }

  it('lists every instrument with its terms, and is named Contracts', async () => {
    const { wrapper, grid, rows } = await mountContracts()
    expect(nameOf(wrapper.get('dialog').element)).toBe('Contracts')
    expect(rows().sort()).toEqual(['600519.SSE', 'BTCUSDT.BINANCE', 'IF2612.CFFEX'])
    const shown = (rowId: string, colKey: string) =>
      grid.getCellValue({ rowNode: grid.getRowNode(rowId)!, colKey, useFormatter: true })
    expect(grid.getAllDisplayedColumns().map((column) => column.getColDef().headerName)).toEqual([
      'Symbol',
      'Exchange',
      'Name',
      'Product',
      'Size',
      'Price tick',
      'Min volume',
      'Margin rate',
      'Gateway',
    ])
    expect(shown('IF2612.CFFEX', 'product')).toBe('Futures')
    expect(shown('IF2612.CFFEX', 'size')).toBe('300')
    expect(shown('IF2612.CFFEX', 'pricetick')).toBe('0.2')
    expect(shown('IF2612.CFFEX', 'marginRate')).toBe('12.00%')
    expect(shown('BTCUSDT.BINANCE', 'minVolume')).toBe('0.00001')
    expect(shown('600519.SSE', 'name')).toBe('贵州茅台')
    expect(wrapper.text()).toContain('3 of 3 instruments')
  })

  it('filters by code or name, case-insensitive and in part, from the field labelled Search', async () => {
    const { wrapper, rows, search } = await mountContracts()
    expect(wrapper.get('label[for="contracts-search"]').text()).toBe('Search')
    await search.setValue('btc')
    await settle()
    expect(rows()).toEqual(['BTCUSDT.BINANCE'])
    expect(wrapper.text()).toContain('1 of 3 instruments')
    await search.setValue('茅台')
    await settle()
    expect(rows()).toEqual(['600519.SSE'])
    await search.setValue('cffex')
    await settle()
    expect(rows()).toEqual(['IF2612.CFFEX'])
    await search.setValue('')
    await settle()
    expect(rows()).toHaveLength(3)
  })

  it('picks the first match on Enter in Search: the ticket and chart take it, its market data is asked for, the dialog closes', async () => {
    const { env, wrapper, search } = await mountContracts()
    await search.setValue('btc')
    await settle()
    await search.trigger('keydown', { key: 'Enter' })
    expect(useTicket().vtSymbol).toBe('BTCUSDT.BINANCE')
    expect(env.api.callsTo('market:subscribe')).toEqual([{ vtSymbols: ['BTCUSDT.BINANCE'] }])
    expect(askedToClose(wrapper)).toBe(true)
  })

  it('picks a row on double-click or on Enter, priced at its last price', async () => {
    const { wrapper, grid } = await mountContracts()
    await wrapper.get('.ag-row[row-id="IF2612.CFFEX"] [col-id="name"]').trigger('dblclick')
    await settle()
    expect(useTicket().vtSymbol).toBe('IF2612.CFFEX')
    expect(useTicket().price).toBe(4650)
    expect(askedToClose(wrapper)).toBe(true)

    grid.setFocusedCell(grid.getRowNode('600519.SSE')!.rowIndex!, 'symbol')
    await settle()
    const cell = wrapper.get('.ag-row[row-id="600519.SSE"] [col-id="symbol"]')
    await cell.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(useTicket().vtSymbol).toBe('600519.SSE')
  })
})

describe('the About dialog', () => {
  it('shows the version, runtime, data folder and licence the desk reports', async () => {
    const env = setup()
    const about: DeskAbout = {
      version: '0.1.0',
      licence: 'MIT',
      node: '22.20.0',
      electron: '45.5.0',
      chromium: '142.0.7444.59',
      dataFolder: '/home/trader/.config/eventdesk',
    }
    env.api.reply('desk:about', () => ({ ok: true, value: about }))
    const wrapper = mountOpen(AboutDialog, env)
    await flushPromises()
    expect(nameOf(wrapper.get('dialog').element)).toBe('About EventDesk')
    const facts = Object.fromEntries(
      wrapper.findAll('dt').map((term) => [term.text(), term.element.nextElementSibling!.textContent]),
    )
    expect(facts).toEqual({
      Version: '0.1.0',
      Electron: '45.5.0',
      Chromium: '142.0.7444.59',
      'Node.js': '22.20.0',
      'Data folder': '/home/trader/.config/eventdesk',
      Licence: 'MIT',
    })
  })

  it("served to a browser: no Electron, the browser's own version, data kept in memory", async () => {
    const env = setup()
    env.api.reply('desk:about', () => ({ ok: true, value: { version: '0.1.0', licence: 'MIT', node: '24.1.0' } }))
    const wrapper = mountOpen(AboutDialog, env)
    await flushPromises()
    const terms = wrapper.findAll('dt').map((term) => term.text())
    expect(terms).toEqual(['Version', 'Browser', 'Node.js', 'Data folder', 'Licence'])
    expect(wrapper.text()).toContain('none: kept in memory until the desk stops')
  })
})

import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import type { GridApi } from 'ag-grid-community'
import { afterEach, describe, expect, it } from 'vitest'
import { MESSAGES, hostMessage, logText, rejection, type MessageCode } from '../../src/shared/messages'
import LogsPanel from '@renderer/components/LogsPanel.vue'
import MonitorGrid from '@renderer/components/MonitorGrid.vue'
import OrderTicket from '@renderer/components/OrderTicket.vue'
import OrdersPanel from '@renderer/components/OrdersPanel.vue'
import { createAppI18n, type Locale } from '@renderer/i18n'
import { hostText } from '@renderer/i18n/host-text'
import { hostZhCN } from '@renderer/i18n/host-zh-CN'
import { useTicket } from '@renderer/stores/ticket'
import { contract, log, order, setup, tick } from './fixtures'

enableAutoUnmount(afterEach)

const valueCap = hostMessage('risk.valueCap', { value: 62_100_000, cap: 50_000_000 })
const rejectedLine = hostMessage('trader.orderRejected', {
  vtOrderId: 'SIM.R1',
  direction: 'LONG',
  volume: 45,
  vtSymbol: 'IF2412.CFFEX',
  reason: valueCap,
})

function textIn(
  locale: Locale,
  message: { code?: string; params?: Record<string, unknown> },
  english = 'english',
): string {
  const i18n = createAppI18n(locale).global
  return hostText(message, english, { t: (key, named) => i18n.t(key, named), locale: i18n.locale })
}

function column(api: GridApi, colId: string): string[] {
  const out: string[] = []
  api.forEachNodeAfterFilterAndSort((node) =>
    out.push(api.getCellValue({ rowNode: node, colKey: colId, useFormatter: true }) as string),
  )
  return out
}

describe('host messages in the user’s language', () => {
  it('formats numbers, money and directions for the language', () => {
    expect(textIn('en', valueCap)).toBe('order value 62,100,000.00 exceeds the order value cap 50,000,000.00')
    expect(textIn('zh-CN', valueCap)).toBe('委托金额 62,100,000.00 超过单笔委托金额上限 50,000,000.00')
    expect(textIn('zh-CN', rejectedLine)).toBe(
      '委托 SIM.R1（多 45 IF2412.CFFEX）被拒绝：委托金额 62,100,000.00 超过单笔委托金额上限 50,000,000.00',
    )
  })

  it('lists changes the language’s way and shows switches as on or off', () => {
    const changed = hostMessage('settings.changed', {
      by: 'session 2',
      changes: [
        hostMessage('settings.change', { setting: 'risk.maxOrderVolume', from: 0, to: 1500 }),
        hostMessage('settings.change', { setting: 'risk.active', from: true, to: false }),
      ],
    })
    expect(textIn('en', changed)).toBe(
      'Settings changed by session 2: risk.maxOrderVolume 0 → 1,500, risk.active on → off',
    )
    expect(textIn('zh-CN', changed)).toBe('session 2 修改了设置：risk.maxOrderVolume 0 → 1,500、risk.active 开 → 关')
  })

  it('shows the host’s English for a code it does not know or parameters that do not fit', () => {
    expect(textIn('zh-CN', { code: 'risk.fromTheFuture', params: {} }, 'a newer reason')).toBe('a newer reason')
    expect(textIn('zh-CN', { code: 'risk.volumeCap', params: { volume: 'five' } }, 'as written')).toBe('as written')
    expect(textIn('zh-CN', {}, 'plain text')).toBe('plain text')
  })

  it('has every code in Chinese, with the same placeholders as the English', () => {
    for (const code of Object.keys(MESSAGES) as MessageCode[]) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(names(hostZhCN[code]), code).toEqual(names(MESSAGES[code].en))
      expect(hostZhCN[code], code).not.toMatch(/[@|$%]/)
    }
  })

  it('shows log lines in the language chosen, and again in the other after a switch', async () => {
    const env = setup()
    env.snapshot({
      logs: [log('', { ...logText(rejectedLine), level: 'WARNING', source: 'risk' }), log('a strategy says hello')],
    })
    const wrapper = mount(LogsPanel, { global: env.global, attachTo: document.body })
    await flushPromises()
    const api = (wrapper.findComponent(MonitorGrid).vm as unknown as { gridApi: GridApi }).gridApi
    expect(column(api, 'message')).toEqual([
      'a strategy says hello',
      'order SIM.R1 Long 45 IF2412.CFFEX rejected: order value 62,100,000.00 exceeds the order value cap 50,000,000.00',
    ])
    env.i18n.global.locale.value = 'zh-CN'
    await flushPromises()
    expect(column(api, 'message')[1]).toBe(
      '委托 SIM.R1（多 45 IF2412.CFFEX）被拒绝：委托金额 62,100,000.00 超过单笔委托金额上限 50,000,000.00',
    )
  })

  it('shows an order’s reject reason in the orders table in the user’s language', async () => {
    const env = setup()
    env.i18n.global.locale.value = 'zh-CN'
    const reason = hostMessage('risk.volumeCap', { volume: 1500, cap: 1000 })
    env.snapshot({ orders: [order('R1', { status: 'REJECTED', ...rejection(reason) })] })
    const wrapper = mount(OrdersPanel, { global: env.global, attachTo: document.body })
    await flushPromises()
    // The Orders tab's table (the second; the first is Active orders), as monitor-grid.test.ts reads it.
    const grid = wrapper.findAllComponents(MonitorGrid)[1]
    const api = (grid.vm as unknown as { gridApi: GridApi }).gridApi
    expect(column(api, 'rejectReason')).toEqual(['数量 1,500 超过单笔委托数量上限 1,000'])
  })

  it('shows a rejection and a refused command beside the ticket in Chinese, numbers formatted', async () => {
    const env = setup()
    env.i18n.global.locale.value = 'zh-CN'
    env.snapshot({ contracts: [contract('IF2412', 0.2)], ticks: [tick('IF2412', 3900)] })
    const wrapper = mount(OrderTicket, { global: env.global, attachTo: document.body })
    useTicket().chooseInstrument('IF2412.CFFEX', 3900)
    await flushPromises()
    env.api.reply('order:send', () => ({ ok: true, value: { vtOrderId: 'SIM.R1' } }))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    env.push({ order: [order('R1', { status: 'REJECTED', ...rejection(valueCap) })] })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('拒单：委托金额 62,100,000.00 超过单笔委托金额上限 50,000,000.00')

    const refused = hostMessage('session.tooManyOrders', { perSecond: 20 })
    env.api.reply('order:send', () => ({
      ok: false,
      error: { code: 'RESOURCE_EXHAUSTED', message: 'English', detail: refused },
    }))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('本会话每秒发送超过 20 笔委托')
  })
})

import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import OrderTicket from '@renderer/components/OrderTicket.vue'
import { MARKET_EVERY_MS } from '@renderer/live/live-store'
import { LIVE_REDRAW_MS } from '@renderer/monitors/row-conflator'
import { useTicket } from '@renderer/stores/ticket'
import { contract, order, position, setup, tick } from './fixtures'

enableAutoUnmount(afterEach)

function mountTicket() {
  const env = setup()
  env.snapshot({ contracts: [contract('IF2412', 0.2)], ticks: [tick('IF2412', 3900)] })
  const wrapper = mount(OrderTicket, { global: env.global, attachTo: document.body })
  const field = (label: string) => wrapper.get(`#${idFor(wrapper.element, label)}`)
  return { env, wrapper, field }
}

/** The control a visible label names, as a screen reader would find it. */
function idFor(root: Element, label: string): string {
  const element = [...root.querySelectorAll('label[for]')].find((l) => l.textContent!.trim() === label)
  if (!element) throw new Error(`no label ${label}`)
  return element.getAttribute('for')!
}

describe('order ticket', () => {
  it('labels every field and the send button', () => {
    const { wrapper } = mountTicket()
    for (const label of ['Symbol', 'Direction', 'Offset', 'Order type', 'Price', 'Volume'])
      expect(wrapper.find(`#${idFor(wrapper.element, label)}`).exists()).toBe(true)
    expect(wrapper.get('button[type="submit"]').text()).toBe('Send order')
    expect(wrapper.get('section').attributes('aria-label')).toBe('Order ticket')
  })

  it('validates before sending: unknown symbol, price off the tick, no volume', async () => {
    const { env, wrapper, field } = mountTicket()
    await field('Symbol').setValue('NOPE')
    await field('Volume').setValue('0')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('Unknown symbol')
    expect(wrapper.text()).toContain('Enter a volume above zero')
    expect(field('Volume').attributes('aria-invalid')).toBe('true')

    await field('Symbol').setValue('IF2412.CFFEX')
    await field('Price').setValue('3900.3')
    await field('Volume').setValue('1')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).not.toContain('Unknown symbol')
    expect(wrapper.text()).toContain('Price must be a multiple of 0.2')
    expect(field('Price').attributes('aria-invalid')).toBe('true')
    expect(env.api.callsTo('order:send')).toEqual([])
  })

  it('searches contracts by code or name as it is typed, shows the name beside the code, and sends a valid order', async () => {
    const env = setup()
    env.snapshot({
      contracts: [
        contract('IF2412', 0.2, { name: '沪深300股指2412' }),
        contract('BTCUSDT', 0.01, { exchange: 'BINANCE', vtSymbol: 'BTCUSDT.BINANCE', name: 'BTC/USDT' }),
        contract('600519', 0.01, { exchange: 'SSE', vtSymbol: '600519.SSE', name: '贵州茅台' }),
      ],
      ticks: [tick('IF2412', 3900)],
    })
    const wrapper = mount(OrderTicket, { global: env.global, attachTo: document.body })
    const symbol = wrapper.get('[role="combobox"]')
    const options = () => wrapper.findAll('[role="option"]').map((option) => option.text())
    expect(symbol.attributes('aria-expanded')).toBe('false')

    await symbol.setValue('茅台')
    expect(options()).toEqual(['600519.SSE贵州茅台'])
    expect(symbol.attributes('aria-expanded')).toBe('true')
    await symbol.setValue('btc')
    expect(options()).toEqual(['BTCUSDT.BINANCEBTC/USDT'])
    expect(symbol.attributes('aria-activedescendant')).toBe(wrapper.get('[role="option"]').attributes('id'))
    await symbol.trigger('keydown', { key: 'Enter' })
    expect((symbol.element as HTMLInputElement).value).toBe('BTCUSDT.BINANCE')
    expect(useTicket().vtSymbol).toBe('BTCUSDT.BINANCE')
    expect(wrapper.get('#ticket-symbol-name').text()).toBe('BTC/USDT')
    // No ticks for it yet: its market data is asked for.
    expect(env.api.callsTo('market:subscribe')).toEqual([{ vtSymbols: ['BTCUSDT.BINANCE'] }])

    // Arrow keys move through the matches; Escape closes the list without choosing.
    await symbol.setValue('1')
    expect(options()).toHaveLength(2)
    await symbol.trigger('keydown', { key: 'ArrowDown' })
    expect(wrapper.findAll('[role="option"]')[1].attributes('aria-selected')).toBe('true')
    await symbol.trigger('keydown', { key: 'Escape' })
    expect(options()).toEqual([])

    await symbol.setValue('if2412')
    await wrapper.findAll('[role="option"]')[0].trigger('mousedown')
    expect((symbol.element as HTMLInputElement).value).toBe('IF2412.CFFEX')
    expect(wrapper.get('#ticket-symbol-name').text()).toBe('沪深300股指2412')
    const field = (label: string) => wrapper.get(`#${idFor(wrapper.element, label)}`)
    expect(field('Price').attributes('step')).toBe('0.2')
    expect((field('Price').element as HTMLInputElement).value).toBe('3900.0')
    await field('Direction').setValue('SHORT')
    await field('Price').setValue('3901.4')
    await field('Volume').setValue('2')
    env.api.reply('order:send', () => ({ ok: true, value: { vtOrderId: 'SIM.9' } }))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(env.api.callsTo('order:send')).toEqual([
      {
        vtSymbol: 'IF2412.CFFEX',
        direction: 'SHORT',
        offset: 'OPEN',
        type: 'LIMIT',
        price: 3901.4,
        volume: 2,
        gatewayName: 'SIM',
      },
    ])
  })

  it('follows the last price until the user types one, at the pace live values are shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    try {
      const { env, field } = mountTicket()
      useTicket().chooseInstrument('IF2412.CFFEX', 3900)
      await flushPromises()
      vi.advanceTimersByTime(LIVE_REDRAW_MS)
      env.push({ tick: [tick('IF2412', 3905.2)] })
      await flushPromises()
      expect((field('Price').element as HTMLInputElement).value).toBe('3905.2')
      env.push({ tick: [tick('IF2412', 3905.4)] })
      await flushPromises()
      expect((field('Price').element as HTMLInputElement).value).toBe('3905.2')
      // No further tick comes: the last one shows a batch's time after its turn.
      vi.advanceTimersByTime(LIVE_REDRAW_MS + MARKET_EVERY_MS)
      await flushPromises()
      expect((field('Price').element as HTMLInputElement).value).toBe('3905.4')
      await field('Price').setValue('3899')
      env.push({ tick: [tick('IF2412', 3910)] })
      vi.advanceTimersByTime(LIVE_REDRAW_MS)
      await flushPromises()
      expect(useTicket().price).toBe(3899)
    } finally {
      vi.useRealTimers()
    }
  })

  it('shows the reason when the order comes back rejected', async () => {
    const { env, wrapper, field } = mountTicket()
    await field('Symbol').setValue('IF2412.CFFEX')
    env.api.reply('order:send', () => ({ ok: true, value: { vtOrderId: 'SIM.5' } }))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    env.push({ order: [order('5', { status: 'REJECTED', rejectReason: 'insufficient margin' })] })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Rejected: insufficient margin')
  })

  it('shows the reason when the command itself fails', async () => {
    const { env, wrapper, field } = mountTicket()
    await field('Symbol').setValue('IF2412.CFFEX')
    env.api.reply('order:send', () => ({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'gateway SIM is not connected' },
    }))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Not sent: gateway SIM is not connected')
  })

  it('is pre-filled with a closing order from a position', async () => {
    const { field } = mountTicket()
    useTicket().closePosition(position('LONG', { volume: 3 }), 3920)
    await flushPromises()
    expect((field('Symbol').element as HTMLInputElement).value).toBe('IF2412.CFFEX')
    expect((field('Direction').element as HTMLSelectElement).value).toBe('SHORT')
    expect((field('Offset').element as HTMLSelectElement).value).toBe('CLOSE')
    expect((field('Volume').element as HTMLInputElement).value).toBe('3')
  })

  it('closes with the offset the exchange needs: today and yesterday apart on SHFE and INE', async () => {
    const { wrapper, field } = mountTicket()
    const shfe = { exchange: 'SHFE', vtSymbol: 'rb2701.SHFE', symbol: 'rb2701' } as const
    const offsetShown = () => (field('Offset').element as HTMLSelectElement).value
    const volumeShown = () => (field('Volume').element as HTMLInputElement).value

    useTicket().closePosition(position('SHORT', { ...shfe, volume: 4, ydVolume: 0 }), 3150)
    await flushPromises()
    expect([(field('Direction').element as HTMLSelectElement).value, offsetShown(), volumeShown()]).toEqual([
      'LONG',
      'CLOSETODAY',
      '4',
    ])
    useTicket().closePosition(position('LONG', { ...shfe, volume: 4, ydVolume: 4 }), 3150)
    await flushPromises()
    expect([offsetShown(), volumeShown()]).toEqual(['CLOSEYESTERDAY', '4'])
    expect(wrapper.find('.ticket-note').exists()).toBe(false)

    // 3 lots from today and 2 from yesterday: two orders, today's first, the other one named.
    useTicket().closePosition(position('LONG', { ...shfe, exchange: 'INE', volume: 5, ydVolume: 2 }), 3150)
    await flushPromises()
    expect([offsetShown(), volumeShown()]).toEqual(['CLOSETODAY', '3'])
    expect(wrapper.get('.ticket-note').text()).toBe('The other 2 close in a second order: Close yesterday')
    useTicket().chooseInstrument('IF2412.CFFEX', 3900)
    await flushPromises()
    expect(wrapper.find('.ticket-note').exists()).toBe(false)

    // Elsewhere a plain CLOSE takes both.
    useTicket().closePosition(position('LONG', { volume: 5, ydVolume: 2 }), 3900)
    await flushPromises()
    expect([offsetShown(), volumeShown()]).toEqual(['CLOSE', '5'])
  })

  it('shows a five-level depth ladder whose prices set the ticket price', async () => {
    const { wrapper } = mountTicket()
    useTicket().chooseInstrument('IF2412.CFFEX', 3900)
    await flushPromises()
    const depth = wrapper.get('[aria-label="Depth"]')
    expect(depth.findAll('tr')).toHaveLength(10)
    await depth.get('button[aria-label="Use price 3,900.2"]').trigger('click')
    expect(useTicket().price).toBeCloseTo(3900.2)
    expect(useTicket().followLast).toBe(false)
  })
})

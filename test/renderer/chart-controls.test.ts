import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import AveragesField from '@renderer/components/AveragesField.vue'
import ChartLegend from '@renderer/components/ChartLegend.vue'
import TimeframePicker from '@renderer/components/TimeframePicker.vue'
import { parseAverages, useChartSettings } from '@renderer/stores/chart'
import type { Interval } from '../../src/shared/intervals'
import type { Bar } from '../../src/shared/objects'
import { setup } from './fixtures'

enableAutoUnmount(afterEach)

/** Mounts a v-model control with its value held by a parent, as ChartPanel holds it. */
function withModel<T>(component: object, initial: T, locale: 'en' | 'zh-CN' = 'en') {
  const env = setup()
  env.i18n.global.locale.value = locale
  const value = ref(initial)
  const parent = defineComponent({
    setup: () => () =>
      h(component, { modelValue: value.value, 'onUpdate:modelValue': (next: T) => (value.value = next) }),
  })
  return { wrapper: mount(parent, { global: env.global, attachTo: document.body }), value }
}

describe('the Timeframe control', () => {
  it('is a radio group named Timeframe with one button per interval, the chosen one checked', async () => {
    const { wrapper, value } = withModel<Interval>(TimeframePicker, '1m')
    const group = wrapper.get('[role="radiogroup"]')
    expect(group.attributes('aria-label')).toBe('Timeframe')
    const radios = group.findAll('input[type="radio"]')
    expect(group.findAll('label').map((label) => label.text())).toEqual(['1m', '5m', '15m', '1h', '1d'])
    expect((radios[0].element as HTMLInputElement).checked).toBe(true)
    await radios[1].setValue(true)
    expect(value.value).toBe('5m')
    await flushPromises()
    expect(group.get('label.chosen').text()).toBe('5m')
  })

  it('reads in Chinese', () => {
    const { wrapper } = withModel<Interval>(TimeframePicker, '1d', 'zh-CN')
    const group = wrapper.get('[role="radiogroup"]')
    expect(group.attributes('aria-label')).toBe('周期')
    expect(group.findAll('label').map((label) => label.text())).toEqual(['1分', '5分', '15分', '1小时', '日线'])
  })
})

describe('the Moving averages field', () => {
  it('takes periods separated by commas or spaces, applied on Enter', async () => {
    const { wrapper, value } = withModel<number[]>(AveragesField, [5, 20, 60])
    const input = wrapper.get('input')
    expect(wrapper.get('label').text()).toBe('Moving averages')
    expect((input.element as HTMLInputElement).value).toBe('5, 20, 60')
    await input.setValue('10 30')
    await input.trigger('keydown', { key: 'Enter' })
    expect(value.value).toEqual([10, 30])
    await input.setValue('')
    await input.trigger('change')
    expect(value.value).toEqual([])
  })

  it('says what it expects and changes nothing for periods it cannot draw', async () => {
    const { wrapper, value } = withModel<number[]>(AveragesField, [5, 20])
    const input = wrapper.get('input')
    await input.setValue('5, 1')
    await input.trigger('change')
    expect(value.value).toEqual([5, 20])
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('[role="alert"]').text()).toBe('Up to 4 different whole numbers from 2 to 500, e.g. 5, 20, 60')
    await input.setValue('7')
    await input.trigger('change')
    expect(value.value).toEqual([7])
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })

  it('parses what a trader types, refusing what it cannot draw', () => {
    expect(parseAverages('5,20，60')).toEqual([5, 20, 60])
    expect(parseAverages(' 5  10 ')).toEqual([5, 10])
    for (const text of ['5, 5', '1', '501', '2.5', 'ma5', '5, 10, 20, 30, 60'])
      expect(parseAverages(text), text).toBeUndefined()
  })

  it('keeps the chart’s timeframe and averages across a reload', () => {
    setup()
    const settings = useChartSettings()
    settings.interval = '15m'
    settings.averages = [10]
    return flushPromises().then(() => {
      expect(JSON.parse(localStorage.getItem('eventdesk:chart')!)).toEqual({ interval: '15m', averages: [10] })
    })
  })
})

describe('the chart legend', () => {
  const bar = {
    datetime: Date.UTC(2026, 10, 26),
    openPrice: 4650,
    highPrice: 4672.4,
    lowPrice: 4641,
    closePrice: 4668.2,
    volume: 15230.5,
  } as Bar

  it('shows a daily bar’s date, its prices at the tick’s precision, the change with its sign, and the averages', () => {
    const env = setup()
    const wrapper = mount(ChartLegend, {
      props: {
        bar,
        previousClose: 4600,
        decimals: 1,
        daily: true,
        averages: [{ period: 5, value: 4655.04, colour: '#abcdef' }],
      },
      global: env.global,
    })
    const spans = wrapper.findAll('span').map((span) => span.text().replace(/\s+/g, ' '))
    expect(spans).toEqual([
      '2026-11-26',
      'O 4,650.0',
      'H 4,672.4',
      'L 4,641.0',
      'C 4,668.2',
      '+1.48%',
      'Vol 15,230.5',
      'MA5 4,655.0',
    ])
    expect(wrapper.get('b').classes()).toContain('ed-up')
    // The change's sign colours it too; the sign is written, so colour is not the only cue.
    expect(
      wrapper
        .findAll('span')
        .find((span) => span.text().endsWith('%'))!
        .classes(),
    ).toContain('ed-up')
  })
})

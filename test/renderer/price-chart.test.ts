import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { chartTime, joinBars } from '@renderer/chart/chart-data'
import PriceChart from '@renderer/components/PriceChart.vue'
import type { Interval } from '../../src/shared/intervals'
import type { Bar } from '../../src/shared/objects'
import { contract, setup, tick, trade } from './fixtures'

/** lightweight-charts draws on a canvas happy-dom lacks: a stand-in that records what each series was given. */
const chart = vi.hoisted(() => {
  interface FakeSeries {
    kind: string
    pane: number
    data: { time: number; value?: number; close?: number }[]
    updates: number
    markers: { text?: string }[]
  }
  const state = {
    series: [] as FakeSeries[],
    hover: undefined as undefined | ((param: { logical?: number; point?: object }) => void),
  }
  return state
})
vi.mock('lightweight-charts', () => {
  const addSeries = (definition: { kind: string }, _options: unknown, pane = 0) => {
    const series = { kind: definition.kind, pane, data: [] as unknown[], updates: 0, markers: [] as unknown[] }
    chart.series.push(series as never)
    return {
      setData: (data: unknown[]) => void (series.data = data),
      update: () => void series.updates++,
      applyOptions: () => undefined,
      options: () => ({ priceFormat: { type: 'price', precision: 1, minMove: 0.2 } }),
      series,
    }
  }
  return {
    CandlestickSeries: { kind: 'candles' },
    HistogramSeries: { kind: 'histogram' },
    LineSeries: { kind: 'line' },
    ColorType: { Solid: 'solid' },
    createChart: () => ({
      addSeries,
      removeSeries: (api: { series: object }) => void chart.series.splice(chart.series.indexOf(api.series as never), 1),
      panes: () => [{ setStretchFactor: () => undefined }, { setStretchFactor: () => undefined }],
      applyOptions: () => undefined,
      subscribeCrosshairMove: (handler: typeof chart.hover) => void (chart.hover = handler),
      timeScale: () => ({
        scrollToRealTime: () => undefined,
        getVisibleLogicalRange: () => ({ from: 0, to: 100 }),
        width: () => 800,
        subscribeVisibleLogicalRangeChange: () => undefined,
      }),
      remove: () => undefined,
    }),
    createSeriesMarkers: (api: { series: { markers: unknown[] } }) => ({
      setMarkers: (markers: unknown[]) => void (api.series.markers = markers),
    }),
  }
})

enableAutoUnmount(afterEach)

const MINUTE = 60_000
/** 01:30:00 UTC: the live minute in these tests. */
const NOW_MINUTE = Date.UTC(2026, 10, 26, 1, 30)
const IF = 'IF2412.CFFEX'

function bar(datetime: number, close: number, overrides: Partial<Bar> = {}): Bar {
  return {
    gatewayName: 'SIM',
    symbol: 'IF2412',
    exchange: 'CFFEX',
    vtSymbol: IF,
    datetime,
    interval: 1,
    volume: 10,
    turnover: 0,
    openInterest: 0,
    openPrice: close - 1,
    highPrice: close + 2,
    lowPrice: close - 2,
    closePrice: close,
    ...overrides,
  }
}

/** `count` bars of `minutes` ending before `end`, as the host answers market:history. */
function history(count: number, minutes = 1, end = NOW_MINUTE, close = 3900): Bar[] {
  const span = minutes * MINUTE
  return Array.from({ length: count }, (_, i) => bar(end - (count - i) * span, close + i * 0.2, { interval: minutes }))
}

const series = (kind: string) => chart.series.filter((s) => s.kind === kind)

describe('joining history and live bars', () => {
  it('puts history before the first live bar and merges the window both cover', () => {
    const live = [bar(NOW_MINUTE + 2 * MINUTE, 3950, { openPrice: 3949, highPrice: 3960, volume: 4 })]
    // History in 5-minute bars up to the first live minute: its last bar (01:30) holds 01:30 and 01:31.
    const past = [...history(3, 5), bar(NOW_MINUTE, 3920, { interval: 5, openPrice: 3910, lowPrice: 3905 })]
    const joined = joinBars(past, live, '5m')
    expect(joined).toHaveLength(4)
    expect(joined.at(-1)).toMatchObject({
      datetime: NOW_MINUTE,
      interval: 5,
      openPrice: 3910,
      highPrice: 3960,
      lowPrice: 3905,
      closePrice: 3950,
      volume: 14,
    })
    expect(joinBars(past, [], '5m')).toEqual(past)
    expect(joinBars([], live, '1m')).toEqual(live)
  })
})

describe('PriceChart', () => {
  beforeEach(() => {
    chart.series = []
    chart.hover = undefined
  })

  function mountChart(
    reply: (request: { vtSymbol: string; interval: Interval; end?: number }) => Bar[] | Promise<Bar[]>,
    props: { interval?: Interval; averages?: number[] } = {},
  ) {
    const env = setup()
    env.api.reply('market:history', async (request) => ({
      ok: true,
      value: await reply(request as { vtSymbol: string; interval: Interval }),
    }))
    env.snapshot({ contracts: [contract('IF2412'), contract('IO2412')] })
    const wrapper = mount(PriceChart, {
      props: { vtSymbol: IF, interval: props.interval ?? '1m', averages: props.averages ?? [5, 20] },
      global: env.global,
      attachTo: document.body,
    })
    return { env, wrapper }
  }

  it('draws candles, volume in a pane of its own and one line per moving average', async () => {
    mountChart(() => history(240), { averages: [5, 20, 60] })
    await flushPromises()
    const [candles] = series('candles')
    expect(candles.data).toHaveLength(240)
    expect(series('histogram')).toMatchObject([{ pane: 1 }])
    expect(series('histogram')[0].data).toHaveLength(240)
    const lines = series('line')
    expect(lines.map((line) => line.pane)).toEqual([0, 0, 0])
    // A 5-bar average has no value for the first four bars, then the mean of five closes.
    expect(lines[0].data.filter((point) => point.value !== undefined)).toHaveLength(236)
    expect(lines[0].data[4].value).toBeCloseTo(3900.4)
  })

  it('asks for history up to the first minute it built itself, and joins it to the live bar', async () => {
    const { env, wrapper } = mountChart(() => history(240))
    env.push({ tick: [tick('IF2412', 3950, { datetime: NOW_MINUTE + 1000 })] })
    await flushPromises()
    expect(env.api.callsTo('market:history')).toEqual([{ vtSymbol: IF, interval: '1m' }])
    await new Promise((resolve) => setTimeout(resolve, 250))
    const [candles] = series('candles')
    expect(candles.data.at(-1)).toMatchObject({ time: chartTime(NOW_MINUTE, '1m'), close: 3950 })
    expect(wrapper.get('[data-bars]').attributes()).toMatchObject({ 'data-bars': '241', 'data-interval': '1m' })
  })

  it('switches to 5-minute bars: asks for them up to its first live minute and draws them', async () => {
    const { env, wrapper } = mountChart((request) =>
      history(request.interval === '5m' ? 2016 : 240, request.interval === '5m' ? 5 : 1),
    )
    env.push({ tick: [tick('IF2412', 3950, { datetime: NOW_MINUTE + 1000 })] })
    await flushPromises()
    await wrapper.setProps({ interval: '5m' })
    await flushPromises()
    expect(env.api.callsTo('market:history').at(-1)).toEqual({ vtSymbol: IF, interval: '5m', end: NOW_MINUTE })
    const [candles] = series('candles')
    expect(candles.data).toHaveLength(2017)
    expect(candles.data.at(-1)!.time - candles.data.at(-2)!.time).toBe(300)
    expect(wrapper.get('[data-bars]').attributes('data-interval')).toBe('5m')
    expect(wrapper.get('[role="figure"]').attributes('aria-label')).toBe('5-minute candles')
  })

  it('asks for its history again when the host is back after an outage, the outage’s live bars gone', async () => {
    const { env } = mountChart(() => history(240))
    env.push({ tick: [tick('IF2412', 3950, { datetime: NOW_MINUTE + 1000 })] })
    await flushPromises()
    env.api.connect('closed')
    env.api.connect('open')
    env.snapshot({ contracts: [contract('IF2412')], ticks: [tick('IF2412', 3990, { datetime: NOW_MINUTE + 600_000 })] })
    await flushPromises()
    expect(env.api.callsTo('market:history')).toEqual([
      { vtSymbol: IF, interval: '1m' },
      // Up to the first minute built after the outage: the minutes before it come from the host.
      { vtSymbol: IF, interval: '1m', end: NOW_MINUTE + 600_000 },
    ])
    expect(env.store.liveBars.minutes(IF).map((bar) => bar.closePrice)).toEqual([3990])
  })

  it('does not draw a late reply for an interval no longer shown', async () => {
    let release: (bars: Bar[]) => void = () => undefined
    const { wrapper } = mountChart((request) =>
      request.interval === '1h' ? new Promise<Bar[]>((resolve) => (release = resolve)) : history(30),
    )
    await wrapper.setProps({ interval: '1h' })
    await wrapper.setProps({ interval: '1m' })
    await flushPromises()
    release(history(500, 60))
    await flushPromises()
    expect(series('candles')[0].data).toHaveLength(30)
  })

  it('shows the last bar in the legend, and the bar under the pointer while it moves', async () => {
    const { wrapper } = mountChart(() => history(10), { averages: [5] })
    await flushPromises()
    const legend = () =>
      wrapper
        .get('[aria-label="Bar under the pointer"]')
        .findAll('span')
        .map((span) => span.text().replace(/\s+/g, ' '))
        .join(' ')
    expect(legend()).toContain('C 3,901.8')
    expect(legend()).toContain('MA5 3,901.4')
    chart.hover!({ logical: 2, point: {} })
    await flushPromises()
    expect(legend()).toMatch(/O 3,899\.4 H 3,902\.4 L 3,898\.4 C 3,900\.4 \+0\.01% Vol 10 MA5 —/)
    chart.hover!({})
    await flushPromises()
    expect(legend()).toContain('C 3,901.8')
  })

  it('marks the user’s own fills of the instrument on their bars', async () => {
    const { env } = mountChart(() => history(10))
    await flushPromises()
    env.push({ trade: [trade('7', { datetime: NOW_MINUTE - 3 * MINUTE + 5000, price: 3901 })] })
    await flushPromises()
    expect(series('candles')[0].markers).toMatchObject([
      { time: chartTime(NOW_MINUTE - 3 * MINUTE, '1m'), position: 'belowBar', text: 'B 1@3,901.0' },
    ])
  })
})

import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import NotificationToasts from '@renderer/components/NotificationToasts.vue'
import { Notifier, type Notice } from '@renderer/notifications/notifier'
import { usePreferences } from '@renderer/stores/preferences'
import { hostMessage, rejection } from '../../src/shared/messages'
import type { StrategyState } from '../../src/shared/strategy'
import { contract, order, setup, trade } from './fixtures'

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const strategy = (status: StrategyState['status'], error?: string): StrategyState => ({
  strategyName: 'grid_demo',
  className: 'GridStrategy',
  vtSymbol: 'IF2412.CFFEX',
  status,
  parameters: {},
  variables: {},
  ...(error === undefined ? {} : { error }),
})

describe('the notifier', () => {
  /** A notifier on a fake clock, recording what it tells. */
  function notifier() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const env = setup()
    env.snapshot({ orders: [order('1')], strategies: [strategy('trading')] })
    const told: Notice[] = []
    const stop = new Notifier(env.store, (notice) => told.push(notice)).start()
    const advance = (ms: number) => vi.advanceTimersByTime(ms)
    return { env, told, advance, stop }
  }

  it('tells of hand-sent orders filled, rejected (with the reason) and cancelled, once each', () => {
    const { env, told } = notifier()
    env.push({ order: [order('1', { status: 'PARTTRADED', traded: 1, volume: 2 })], trade: [trade('T1')] })
    env.push({ order: [order('1', { status: 'CANCELLED', traded: 1, volume: 2 })] })
    env.push({ order: [order('2', { status: 'REJECTED', rejectReason: 'price 9999 is above limit up 4290' })] })
    env.push({ order: [order('2', { status: 'REJECTED', rejectReason: 'price 9999 is above limit up 4290' })] })
    expect(told.map((notice) => notice.kind)).toEqual(['filled', 'cancelled', 'rejected'])
    expect(told[2]).toMatchObject({ order: { rejectReason: 'price 9999 is above limit up 4290' } })
  })

  it('raises nothing for what a snapshot already holds', () => {
    const { env, told } = notifier()
    env.snapshot({
      orders: [order('3', { status: 'REJECTED' })],
      trades: [trade('T9')],
      strategies: [strategy('error')],
    })
    expect(told).toEqual([])
  })

  it("sums a strategy's fills into at most one toast per strategy every few seconds", () => {
    const { env, told, advance } = notifier()
    const fill = (id: string, direction: 'LONG' | 'SHORT') =>
      trade(id, { reference: 'grid_demo', direction, vtTradeId: `SIM.${id}` })
    env.push({ trade: [fill('a', 'LONG')] })
    expect(told).toHaveLength(1) // the first after a quiet spell is told at once
    env.push({ trade: [fill('b', 'LONG'), fill('c', 'SHORT')] })
    advance(1000)
    env.push({ trade: [fill('d', 'SHORT')] })
    advance(1000)
    expect(told).toHaveLength(1)
    advance(1000)
    expect(told).toHaveLength(2)
    expect(told[1]).toEqual({
      kind: 'strategyFills',
      fills: { strategyName: 'grid_demo', count: 3, long: 1, short: 2, vtSymbols: ['IF2412.CFFEX'] },
    })
  })

  it('tells of a strategy error at once', () => {
    const { env, told } = notifier()
    env.push({ strategy: [strategy('error', 'onTick threw: division by zero')] })
    expect(told).toEqual([{ kind: 'strategyError', strategy: strategy('error', 'onTick threw: division by zero') }])
  })
})

describe('the toasts', () => {
  function mountToasts() {
    const env = setup()
    env.snapshot({ contracts: [contract('IF2412')], orders: [order('1')] })
    const wrapper = mount(NotificationToasts, { global: env.global, attachTo: document.body })
    return { env, wrapper }
  }

  it('show in a region named Notifications, a rejection as an alert with its reason, and go when dismissed', async () => {
    const { env, wrapper } = mountToasts()
    expect(wrapper.get('section').attributes('aria-label')).toBe('Notifications')
    env.push({ trade: [trade('T1', { price: 3900.2 })] })
    env.push({ order: [order('2', { status: 'REJECTED', price: 9999, rejectReason: 'price 9999 is above limit up' })] })
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toContain('Filled: Long Open 1 IF2412.CFFEX @ 3,900.2')
    expect(wrapper.get('[role="alert"]').text()).toContain(
      'Rejected: Long Open 1 IF2412.CFFEX @ 9,999.0. price 9999 is above limit up',
    )
    await wrapper.get('[role="alert"] button[aria-label="Dismiss"]').trigger('click')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })

  it('give a rejection’s reason in the window’s language when the host sent it as a code', async () => {
    const { env, wrapper } = mountToasts()
    env.i18n.global.locale.value = 'zh-CN'
    const reason = rejection(hostMessage('risk.volumeCap', { volume: 1500, cap: 1000 }))
    env.push({ order: [order('2', { status: 'REJECTED', volume: 1500, ...reason })] })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('数量 1,500 超过单笔委托数量上限 1,000')
  })

  it('go by themselves after a few seconds, a rejection later than a fill', async () => {
    vi.useFakeTimers()
    const { env, wrapper } = mountToasts()
    env.push({ trade: [trade('T1')], order: [order('1', { status: 'REJECTED', rejectReason: 'no' })] })
    await flushPromises()
    expect(wrapper.findAll('.toast')).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(7000)
    expect(wrapper.findAll('.toast')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(wrapper.findAll('.toast')).toHaveLength(0)
  })

  it('chime through Web Audio when the sound preference is on, and not when it is off', async () => {
    const started: number[] = []
    class FakeAudioContext {
      currentTime = 0
      destination = {}
      resume = () => Promise.resolve()
      createGain = () => ({
        gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined },
        connect: (next: unknown) => next,
      })
      createOscillator = () => {
        const oscillator = {
          type: '',
          frequency: { value: 0 },
          connect: (next: unknown) => next,
          start: () => started.push(oscillator.frequency.value),
          stop: () => undefined,
        }
        return oscillator
      }
    }
    vi.stubGlobal('AudioContext', FakeAudioContext)
    const { env } = mountToasts()
    env.push({ trade: [trade('T1')] })
    expect(started).toEqual([])
    usePreferences().sound = true
    env.push({ trade: [trade('T2')] })
    expect(started).toEqual([880, 1320])
  })
})

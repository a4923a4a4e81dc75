import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import StrategyManager from '@renderer/components/StrategyManager.vue'
import { fieldErrorText, placeRefusal } from '@renderer/forms/field-error'
import { useConfirmations } from '@renderer/stores/confirmations'
import { readParameters } from '@renderer/strategies/parameter-form'
import type { StrategyClassInfo, StrategyState } from '../../src/shared/strategy'
import { contract, setup } from './fixtures'

enableAutoUnmount(afterEach)

const doubleMa: StrategyClassInfo = {
  className: 'DoubleMaStrategy',
  source: 'builtin',
  description: 'Buys when the fast average crosses above the slow one',
  parameters: [
    { name: 'fastWindow', type: 'integer', default: 10, min: 1 },
    { name: 'slowWindow', type: 'integer', default: 20, min: 2 },
    { name: 'fixedSize', type: 'number', default: 1, min: 0.001 },
    { name: 'useStop', type: 'boolean', default: false },
  ],
  variables: ['fastMa', 'slowMa'],
}

function state(
  strategyName: string,
  status: StrategyState['status'],
  overrides: Partial<StrategyState> = {},
): StrategyState {
  return {
    strategyName,
    className: 'DoubleMaStrategy',
    vtSymbol: 'IF2412.CFFEX',
    status,
    parameters: { fastWindow: 10, slowWindow: 20, fixedSize: 1, useStop: false },
    variables: { fastMa: 3901.25, slowMa: 3899.5 },
    ...overrides,
  }
}

async function mountManager(strategies: StrategyState[]) {
  const env = setup()
  env.api.reply('strategy:classes', () => ({ ok: true, value: { classes: [doubleMa], loadErrors: [] } }))
  env.snapshot({ contracts: [contract('IF2412')], strategies })
  const wrapper = mount(StrategyManager, { global: env.global, attachTo: document.body })
  await flushPromises()
  return { env, wrapper }
}

function button(wrapper: Awaited<ReturnType<typeof mountManager>>['wrapper'], label: string) {
  return wrapper.get(`button[aria-label="${label}"]`)
}

describe('strategy manager', () => {
  it('shows a card per instance with class, symbol, state as text, parameters and live variables', async () => {
    const { wrapper, env } = await mountManager([state('ma_if', 'trading')])
    expect(wrapper.get('section').attributes('aria-label')).toBe('Strategies')
    const card = wrapper.get('article[aria-label="ma_if"]')
    expect(card.text()).toContain('DoubleMaStrategy')
    expect(card.text()).toContain('IF2412.CFFEX')
    expect(card.get('.strategy-status').text()).toBe('Trading')
    expect(card.get('[aria-label="Parameters ma_if"]').text()).toContain('fastWindow10')
    expect(card.get('[aria-label="Variables ma_if"]').text()).toContain('fastMa3901.25')

    env.push({ strategy: [state('ma_if', 'trading', { variables: { fastMa: 3905, slowMa: 3900 } })] })
    await flushPromises()
    expect(card.get('[aria-label="Variables ma_if"]').text()).toContain('fastMa3905')
  })

  it('drops the card of an instance removed, whichever window removed it', async () => {
    const { wrapper, env } = await mountManager([state('ma_if', 'stopped'), state('ma_rb', 'stopped')])
    // Another window removed it: this one learns of it from the host's push only.
    env.push({ strategy: [state('ma_if', 'removed')] })
    await flushPromises()
    expect(wrapper.findAll('article').map((card) => card.attributes('aria-label'))).toEqual(['ma_rb'])
    expect(env.store.strategies.has('ma_if')).toBe(false)
  })

  it('enables only the buttons the lifecycle allows', async () => {
    const { wrapper, env } = await mountManager([
      state('a', 'added'),
      state('b', 'inited'),
      state('c', 'trading'),
      state('d', 'stopped'),
    ])
    const enabled = (name: string) =>
      ['Init', 'Start', 'Stop', 'Edit', 'Remove'].filter(
        (action) => button(wrapper, `${action} ${name}`).attributes('disabled') === undefined,
      )
    expect(enabled('a')).toEqual(['Init', 'Edit', 'Remove'])
    expect(enabled('b')).toEqual(['Start', 'Stop', 'Edit', 'Remove'])
    expect(enabled('c')).toEqual(['Stop'])
    // Stopped is still inited: it starts again without a new Init (and may be inited afresh).
    expect(enabled('d')).toEqual(['Init', 'Start', 'Edit', 'Remove'])

    await button(wrapper, 'Start b').trigger('click')
    await button(wrapper, 'Stop c').trigger('click')
    await button(wrapper, 'Init a').trigger('click')
    await button(wrapper, 'Remove d').trigger('click')
    // Removing asks first (ConfirmDialog shows the question; confirmations.test.ts drives it).
    expect(useConfirmations().pending?.request.confirm).toBe('Remove d')
    useConfirmations().answer(true)
    await flushPromises()
    expect(env.api.callsTo('strategy:start')).toEqual([{ strategyName: 'b' }])
    expect(env.api.callsTo('strategy:stop')).toEqual([{ strategyName: 'c' }])
    expect(env.api.callsTo('strategy:init')).toEqual([{ strategyName: 'a' }])
    expect(env.api.callsTo('strategy:remove')).toEqual([{ strategyName: 'd' }])
  })

  it('shows a saved instance that could not be restored, and why, with Remove as its only button', async () => {
    const { wrapper, env } = await mountManager([
      state('lost', 'unrestored', {
        parameters: {},
        variables: {},
        error: 'No strategy class named MomentumStrategy',
      }),
    ])
    const card = wrapper.get('article[aria-label="lost"]')
    expect(card.get('.strategy-status').text()).toBe('Could not be restored')
    expect(card.text()).toContain('Could not be restored: No strategy class named MomentumStrategy')
    expect(card.find('[aria-label="Variables lost"]').exists()).toBe(false)
    const enabled = ['Init', 'Start', 'Stop', 'Edit', 'Remove'].filter(
      (action) => button(wrapper, `${action} lost`).attributes('disabled') === undefined,
    )
    expect(enabled).toEqual(['Remove'])
    await button(wrapper, 'Remove lost').trigger('click')
    useConfirmations().answer(true)
    await flushPromises()
    expect(env.api.callsTo('strategy:remove')).toEqual([{ strategyName: 'lost' }])
  })

  it('shows why a command failed on the card', async () => {
    const { wrapper, env } = await mountManager([state('a', 'added')])
    env.api.reply('strategy:init', () => ({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'No contract IF2412.CFFEX: connect its gateway first' },
    }))
    await button(wrapper, 'Init a').trigger('click')
    await flushPromises()
    expect(wrapper.get('article [role="alert"]').text()).toBe('No contract IF2412.CFFEX: connect its gateway first')
  })

  it('runs init all, start all and stop all', async () => {
    const { wrapper, env } = await mountManager([state('a', 'added')])
    for (const label of ['Init all', 'Start all', 'Stop all']) {
      const target = wrapper.findAll('header button').find((b) => b.text() === label)!
      await target.trigger('click')
    }
    expect(env.api.calls.map((call) => call.channel).filter((c) => c.endsWith('All'))).toEqual([
      'strategy:initAll',
      'strategy:startAll',
      'strategy:stopAll',
    ])
  })

  it('adds a strategy from the catalogue with validated parameter fields', async () => {
    const { wrapper, env } = await mountManager([])
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add strategy')!
      .trigger('click')
    const form = wrapper.get('form[aria-label="Add strategy"]')
    expect((form.get('#add-strategy-fastWindow').element as HTMLInputElement).value).toBe('10')
    await form.get('#add-strategy-fastWindow').setValue('2.5')
    await form.trigger('submit')
    expect(form.text()).toContain('Required')
    expect(form.text()).toContain('Unknown symbol')
    expect(form.text()).toContain('Must be a whole number')
    expect(env.api.callsTo('strategy:add')).toEqual([])

    await form.get('#add-strategy-name').setValue('ma_if')
    await form.get('#add-strategy-symbol').setValue('IF2412.CFFEX')
    await form.get('#add-strategy-fastWindow').setValue('5')
    await form.get('#add-strategy-useStop').setValue(true)
    env.api.reply('strategy:add', () => ({ ok: true, value: state('ma_if', 'added') }))
    await form.trigger('submit')
    await flushPromises()
    expect(env.api.callsTo('strategy:add')).toEqual([
      {
        className: 'DoubleMaStrategy',
        strategyName: 'ma_if',
        vtSymbol: 'IF2412.CFFEX',
        setting: { fastWindow: 5, slowWindow: 20, fixedSize: 1, useStop: true },
      },
    ])
    expect(wrapper.find('form[aria-label="Add strategy"]').exists()).toBe(false)
  })

  it('edits parameters of a stopped strategy', async () => {
    const { wrapper, env } = await mountManager([state('a', 'stopped')])
    await button(wrapper, 'Edit a').trigger('click')
    await wrapper.get('#edit-a-slowWindow').setValue('30')
    await wrapper.get('article form').trigger('submit')
    await flushPromises()
    expect(env.api.callsTo('strategy:edit')).toEqual([
      { strategyName: 'a', setting: { fastWindow: 10, slowWindow: 30, fixedSize: 1, useStop: false } },
    ])
  })

  it("shows the host's refusal of a field as the host wrote it, not as a message key", async () => {
    const { wrapper, env } = await mountManager([state('a', 'stopped')])
    const message = 'A strategy named grid|2 {copy} already exists'
    env.api.reply('strategy:add', () => ({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message, field: 'strategyName' },
    }))
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add strategy')!
      .trigger('click')
    const form = wrapper.get('form[aria-label="Add strategy"]')
    await form.get('#add-strategy-name').setValue('grid|2 {copy}')
    await form.get('#add-strategy-symbol').setValue('IF2412.CFFEX')
    await form.trigger('submit')
    await flushPromises()
    expect(form.get('#add-strategy-name + .field-error').text()).toBe(message)

    env.api.reply('strategy:edit', () => ({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'slowWindow must be at most 1000', field: 'setting.slowWindow' },
    }))
    await button(wrapper, 'Edit a').trigger('click')
    await wrapper.get('article form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#edit-a-slowWindow-error').text()).toBe('slowWindow must be at most 1000')
  })

  it('shows a refusal of the whole setting on the form, where a field has no place for it', async () => {
    const { wrapper, env } = await mountManager([state('a', 'stopped')])
    const message = 'DoubleMaStrategy refused these parameters: fastWindow must be less than slowWindow'
    env.api.reply('strategy:edit', () => ({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message, field: 'setting' },
    }))
    await button(wrapper, 'Edit a').trigger('click')
    await wrapper.get('article form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('article [role="alert"]').text()).toBe(message)
  })
})

describe('parameter form', () => {
  it('checks ranges and converts numbers', () => {
    const { setting, errors } = readParameters(doubleMa.parameters, {
      fastWindow: '0',
      slowWindow: '25',
      fixedSize: 'x',
      useStop: true,
    })
    expect(errors).toEqual({
      fastWindow: { key: 'validation.min', params: { min: 1 } },
      fixedSize: { key: 'validation.number' },
    })
    expect(setting).toEqual({ slowWindow: 25, useStop: true })
  })
})

describe('form errors', () => {
  it('translates our own keys and shows the host text as written', () => {
    const t = (key: string, params: Record<string, unknown>) => `${key}(${JSON.stringify(params)})`
    expect(fieldErrorText({ key: 'validation.min', params: { min: 1 } }, t)).toBe('validation.min({"min":1})')
    expect(fieldErrorText({ text: 'validation.min' }, t)).toBe('validation.min')
    expect(fieldErrorText(undefined, t)).toBeUndefined()
  })

  it('puts a refusal under the field it names when the form shows it, else on the form', () => {
    const refusal = (field?: string) => ({ code: 'INVALID_ARGUMENT' as const, message: 'no', field })
    expect(placeRefusal(refusal('setting.fastWindow'), ['fastWindow'])).toEqual({
      fieldErrors: { fastWindow: { text: 'no' } },
      formError: undefined,
    })
    for (const field of ['setting', 'className', undefined])
      expect(placeRefusal(refusal(field), ['fastWindow'])).toEqual({ fieldErrors: {}, formError: 'no' })
  })
})

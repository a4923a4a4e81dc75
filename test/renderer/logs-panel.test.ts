/** Issue 14, defect 8: the log panel reads in full, filters by text and clears. */
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import LogsPanel from '@renderer/components/LogsPanel.vue'
import MonitorGrid from '@renderer/components/MonitorGrid.vue'
import { gridOf, log, setup } from './fixtures'

enableAutoUnmount(afterEach)

const LONG_LINE =
  'order SIM.12 SHORT 3 rb2701.SHFE rejected: insufficient position: 0 can be closed, 3 asked, after the close ' +
  'of the previous session left nothing open on the short side of this instrument'

function mountLogs(env: ReturnType<typeof setup>) {
  return mount(LogsPanel, { global: env.global, attachTo: document.body })
}

function messages(wrapper: ReturnType<typeof mountLogs>): string[] {
  const api = gridOf(wrapper.findComponent(MonitorGrid))
  const out: string[] = []
  api.forEachNodeAfterFilterAndSort((node) => out.push((node.data as { message: string }).message))
  return out
}

describe('log panel', () => {
  it('filters by text over message and source, and hides debug lines until asked', async () => {
    const env = setup()
    env.snapshot({
      logs: [
        log('connected: 9 instruments', { source: 'SIM' }),
        log('cancel of order 4 refused: order 4 is CANCELLED, not working', { level: 'DEBUG', source: 'SIM' }),
        log('Strategy grid_rb started', { source: 'grid_rb' }),
      ],
    })
    const wrapper = mountLogs(env)
    await flushPromises()
    expect(messages(wrapper)).toEqual(['Strategy grid_rb started', 'connected: 9 instruments'])
    await wrapper.get('input[type="search"]').setValue('SIM')
    expect(messages(wrapper)).toEqual(['connected: 9 instruments'])
    await wrapper.get('select').setValue('DEBUG')
    await wrapper.get('input[type="search"]').setValue('not WORKING')
    expect(messages(wrapper)).toEqual(['cancel of order 4 refused: order 4 is CANCELLED, not working'])
    // A line that arrives while filtered is shown only if it matches.
    env.push({ log: [log('cancel of order 9 refused: order 9 is ALLTRADED, not working', { level: 'DEBUG' })] })
    env.push({ log: [log('disconnected')] })
    expect(messages(wrapper)).toHaveLength(2)
  })

  it('clears the lines shown, and they stay cleared when the host resends its log', async () => {
    const env = setup({ logCapacity: 2 })
    env.snapshot({ logs: [log('one'), log('two'), log('three')], logsDropped: 4 })
    const wrapper = mountLogs(env)
    await flushPromises()
    expect(wrapper.get('.logs-dropped').text()).toBe('5 older lines dropped')
    await wrapper.get('button.logs-clear').trigger('click')
    expect(messages(wrapper)).toEqual([])
    expect(wrapper.find('.logs-dropped').exists()).toBe(false)
    env.push({ log: [log('four', { time: Date.UTC(2026, 10, 26, 1, 31) })] })
    expect(messages(wrapper)).toEqual(['four'])
    // A resync sends the host's log again: what was cleared is not back.
    env.snapshot({ logs: [log('one'), log('two'), log('four', { time: Date.UTC(2026, 10, 26, 1, 31) })] })
    await flushPromises()
    expect(messages(wrapper)).toEqual(['four'])
  })

  it('opens a line in full on click, and on Enter from the keyboard', async () => {
    const env = setup()
    env.snapshot({ logs: [log(LONG_LINE, { level: 'WARNING', source: 'risk' }), log('short line')] })
    const wrapper = mountLogs(env)
    await flushPromises()
    expect(wrapper.find('dialog').exists()).toBe(false)
    await wrapper.get('.ag-row[row-index="1"] [col-id="message"]').trigger('click')
    await new Promise((resolve) => setTimeout(resolve, 0)) // the grid tells of a click on a timer of its own
    await flushPromises()
    const dialog = () => wrapper.get('dialog')
    expect((dialog().element as HTMLDialogElement).open).toBe(true)
    expect(dialog().get('pre').text()).toBe(LONG_LINE)
    expect(dialog().get('h2').text()).toMatch(/Warning · risk$/)
    await dialog()
      .findAll('button')
      .find((button) => button.text() === 'Close')!
      .trigger('click')
    expect(wrapper.find('dialog').exists()).toBe(false)

    gridOf(wrapper.findComponent(MonitorGrid)).setFocusedCell(0, 'message')
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(dialog().get('pre').text()).toBe('short line')
  })
})

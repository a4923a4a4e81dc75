import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { useDismissableMenus } from '@renderer/composables/dismiss-menus'

enableAutoUnmount(afterEach)

const Host = defineComponent({
  setup() {
    useDismissableMenus()
    return () =>
      h('div', [
        h('details', { class: 'menu', open: true }, [h('summary', 'Columns'), h('label', 'inside')]),
        h('button', 'elsewhere'),
      ])
  },
})

describe('menus', () => {
  it('close on a click elsewhere or Escape, not on a click inside', async () => {
    const wrapper = mount(Host, { attachTo: document.body })
    const menu = wrapper.get('details').element as HTMLDetailsElement
    wrapper.get('label').element.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))
    expect(menu.open).toBe(true)
    wrapper.get('button').element.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))
    expect(menu.open).toBe(false)
    menu.open = true
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(menu.open).toBe(false)
  })
})

import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import SignInNotice from '@renderer/components/SignInNotice.vue'
import { usePreferences } from '@renderer/stores/preferences'
import { setup } from './fixtures'

enableAutoUnmount(afterEach)

describe('the sign-in notice', () => {
  it('tells a page without the token where to find it, in the user’s language and theme', async () => {
    const env = setup()
    const wrapper = mount(SignInNotice, { global: env.global })
    expect(wrapper.get('[role="alert"]').text()).toBe('This desk needs its access token: open the URL the host printed')
    expect(document.documentElement.dataset.theme).toBe('dark')
    usePreferences().locale = 'zh-CN'
    usePreferences().theme = 'light'
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('此交易台需要访问令牌：请打开主机打印的网址')
    expect(document.documentElement.lang).toBe('zh-CN')
    expect(document.documentElement.dataset.theme).toBe('light')
  })
})

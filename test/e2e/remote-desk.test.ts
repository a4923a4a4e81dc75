/**
 * Mirroring a desk from the page, against a real nats-server: a desk
 * publishes itself (`--nats --desk alpha`), a second desk with no exchange
 * of its own (`--no-sim`) is shown in Chromium, whose Gateway menu's
 * "Connect remote desk" mirrors alpha; alpha's contracts and ticks appear
 * there under the gateway alpha.
 */
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNatsServer, type NatsServer } from '../nats/nats-server'
import { startHost, type RunningHost } from './host'
import { openServedDesk, type ServedDesk } from './page'

const IF = 'IF2612.CFFEX'

let nats: NatsServer
let alpha: RunningHost
let monitor: ServedDesk
let page: Page
const pageProblems: string[] = []

beforeAll(async () => {
  nats = await startNatsServer({ config: 'authorization { user: desk, password: "horse-battery-staple" }' })
  alpha = await startHost(['--nats', `nats://desk:horse-battery-staple@127.0.0.1:${nats.port}`, '--desk', 'alpha'])
  monitor = await openServedDesk(pageProblems, { args: ['--no-sim'] })
  page = monitor.page
})

afterAll(async () => {
  await monitor?.close()
  await alpha?.stop()
  await nats?.dispose()
})

const region = (name: string): Locator => page.getByRole('region', { name, exact: true })

describe('a remote desk connected from the Gateway menu', () => {
  it("mirrors desk alpha: the gateway's state in the status bar, its contracts and ticks on the page", async () => {
    await page.locator('details.gateway-menu summary').click()
    await page.getByRole('button', { name: 'Connect remote desk…', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Connect remote desk' })
    await dialog.getByLabel('Server URL', { exact: true }).fill(`nats://127.0.0.1:${nats.port}`)
    await dialog.getByLabel('Desk name', { exact: true }).fill('alpha')
    await dialog.getByLabel('Login', { exact: true }).selectOption('user')
    await dialog.getByLabel('User', { exact: true }).fill('desk')
    await dialog.getByLabel('Password', { exact: true }).fill('horse-battery-staple')
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => region('Status').textContent(), { timeout: 20_000 }).toMatch(/alpha: Connected/)
    await region('Market').locator(`.ag-row[row-id="${IF}"]`).first().waitFor({ timeout: 20_000 })
    await expect
      .poll(
        async () =>
          (
            await region('Market').locator(`.ag-row[row-id="${IF}"] [col-id="lastPrice"]`).first().textContent()
          )?.trim(),
        {
          timeout: 20_000,
        },
      )
      .toMatch(/\d/)

    // Listed with its password hidden; never the password itself anywhere on the page.
    await page.locator('details.gateway-menu summary').click()
    await page.getByRole('button', { name: 'Connect remote desk…', exact: true }).click()
    await expect.poll(() => dialog.textContent()).toContain(`nats://desk:•••@127.0.0.1:${nats.port}`)
    expect(await page.content()).not.toContain('horse-battery-staple')
    await page.keyboard.press('Escape')
    expect(pageProblems).toEqual([])
  })
})

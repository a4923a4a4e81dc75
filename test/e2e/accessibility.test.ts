/**
 * WCAG 2.1 AA as an automated audit sees it (axe-core in Chromium): text
 * contrast, landmarks (one main, one banner, unique names, no content outside
 * them), ARIA roles with the children they require. Both themes, with live
 * rows in every table (a resting order with its Cancel button, a position
 * with its Close button), the strategies tab and the menus open.
 */
import { createRequire } from 'node:module'
import type { Result } from 'axe-core'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser'
import { startHost, type RunningHost } from './host'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
/** WCAG 2.0 and 2.1, A and AA, plus axe's best practices, which hold the landmark rules. */
const AUDITED_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']
const SYMBOL = 'IF2612.CFFEX'

let host: RunningHost
let browser: Browser
let page: Page

const region = (name: string): Locator => page.getByRole('region', { name, exact: true })

/** Runs axe over the whole page; the violations, one readable line per element. */
async function audit(): Promise<string[]> {
  // The page's CSP forbids injected scripts, as it should; this test's page bypasses it (bypassCSP) to load axe.
  await page.addScriptTag({ path: AXE })
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AUDITED_TAGS)} } }).then((r) => r.violations)`,
  )) as Result[]
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id}: ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`,
    ),
  )
}

async function chooseTheme(theme: 'dark' | 'light'): Promise<void> {
  await page.getByLabel('Theme').selectOption(theme)
  await expect.poll(() => page.evaluate<string>('document.documentElement.dataset.theme')).toBe(theme)
}

/** A filled position (its Close button) and a resting order (its Cancel button), so every table has rows. */
async function tradeOnce(): Promise<void> {
  await page.locator(`.ag-row[row-id="${SYMBOL}"]`).first().dblclick()
  const ticket = region('Order ticket')
  await expect.poll(() => ticket.getByLabel('Symbol', { exact: true }).inputValue()).toBe(SYMBOL)
  await ticket.getByLabel('Order type', { exact: true }).selectOption('MARKET')
  await ticket.getByLabel('Volume', { exact: true }).fill('1')
  await ticket.getByRole('button', { name: 'Send order' }).click()
  await region('Positions')
    .getByRole('button', { name: /^Close / })
    .first()
    .waitFor({ timeout: 15_000 })
  await ticket.getByLabel('Order type', { exact: true }).selectOption('LIMIT')
  const bid = Number(
    (await page.locator(`.ag-row[row-id="${SYMBOL}"] [col-id="bidPrice1"]`).first().textContent())!.replace(/,/g, ''),
  )
  await ticket.getByLabel('Price', { exact: true }).fill((bid - 20).toFixed(1))
  await ticket.getByRole('button', { name: 'Send order' }).click()
  await region('Active orders')
    .getByRole('button', { name: /^Cancel order / })
    .first()
    .waitFor({ timeout: 15_000 })
}

beforeAll(async () => {
  host = await startHost()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1600, height: 960 }, bypassCSP: true })
  await page.goto(host.url)
  await page.locator(`.ag-row[row-id="${SYMBOL}"]`).first().waitFor({ timeout: 30_000 })
})

afterAll(async () => {
  await browser?.close()
  await host?.stop()
})

it('fills an order and rests another, so the tables have rows and row buttons to audit', tradeOnce)

describe.each(['dark', 'light'] as const)('the desk in the %s theme', (theme) => {
  it('passes the audit as it opens, tables live', async () => {
    await chooseTheme(theme)
    expect(await audit()).toEqual([])
  })

  it('passes the audit with the strategies tab shown', async () => {
    await chooseTheme(theme)
    await page.getByRole('tab', { name: 'Strategies', exact: true }).click()
    await region('Strategies').locator('article').first().waitFor({ timeout: 10_000 })
    expect(await audit()).toEqual([])
    await page.getByRole('tab', { name: 'Chart', exact: true }).click()
  })

  it('passes the audit with the gateway and column menus open', async () => {
    await chooseTheme(theme)
    const gateways = page.locator('details.gateway-menu')
    const columns = region('Market').locator('details.columns-menu')
    await gateways.locator('summary').click()
    // From the keyboard: a click elsewhere would close the first menu, as menus do.
    await columns.locator('summary').press('Enter')
    await expect.poll(() => gateways.getAttribute('open')).not.toBeNull()
    await expect.poll(() => columns.getAttribute('open')).not.toBeNull()
    expect(await audit()).toEqual([])
    await page.keyboard.press('Escape')
  })

  it('passes the audit with the Connect dialog open', async () => {
    await chooseTheme(theme)
    const gateways = page.locator('details.gateway-menu')
    await gateways.locator('summary').click()
    await page.getByRole('button', { name: 'Disconnect SIM', exact: true }).click()
    await expect.poll(() => region('Status').textContent(), { timeout: 10_000 }).toMatch(/SIM: Disconnected/)
    await gateways.locator('summary').click()
    await page.getByRole('button', { name: 'Connect SIM', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Connect SIM' })
    await dialog.getByLabel('Tick rate').waitFor()
    expect(await audit()).toEqual([])
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => region('Status').textContent(), { timeout: 10_000 }).toMatch(/SIM: Connected/)
  })

  it('passes the audit with the Connect remote desk dialog open, its login fields shown', async () => {
    await chooseTheme(theme)
    await page.locator('details.gateway-menu summary').click()
    await page.getByRole('button', { name: 'Connect remote desk…', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Connect remote desk' })
    await dialog.getByLabel('Login', { exact: true }).selectOption('user')
    await dialog.getByLabel('Password', { exact: true }).waitFor()
    expect(await audit()).toEqual([])
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })
})

describe('the desk while the host is away, and back as a new run', () => {
  it('passes the audit in both themes with the banner, stale marks and Send disabled, then with the restart notice', async () => {
    await host.restart(async () => {
      await page.getByRole('alert').filter({ hasText: 'Disconnected from the desk' }).waitFor({ timeout: 10_000 })
      for (const theme of ['dark', 'light'] as const) {
        await chooseTheme(theme)
        expect(await audit()).toEqual([])
      }
    })
    await page.getByRole('status').filter({ hasText: 'The desk restarted' }).waitFor({ timeout: 20_000 })
    expect(await audit()).toEqual([])
  })
})

/**
 * Issue 14 in a real browser against the real host: row actions that act on
 * the row as it is now, the tables from the keyboard, the log read in full,
 * and a host restart with the page open, which the page must not hide and
 * must recover from without a reload.
 */
import { resolve } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningHost } from './host'
import { deskParts, openServedDesk, SCREENSHOTS, type ServedDesk } from './page'

const SYMBOL = 'IF2612'
const LONG = `SIM.${SYMBOL}.CFFEX.LONG`
const LOST = 'Disconnected from the desk — reconnecting…'

let desk: ServedDesk
let host: RunningHost
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  desk = await openServedDesk(pageErrors, { consoleErrors: false })
  ;({ host, page } = desk)
})

afterAll(() => desk?.close())

const { region, row, cell } = deskParts(() => page)
const ticket = (): Locator => region('Order ticket')
const field = (label: string): Locator => ticket().getByLabel(label, { exact: true })

async function marketOrder(direction: 'LONG' | 'SHORT', volume: number): Promise<void> {
  await field('Symbol').fill(`${SYMBOL}.CFFEX`)
  await field('Symbol').press('Tab')
  await field('Direction').selectOption(direction)
  await field('Offset').selectOption('OPEN')
  await field('Order type').selectOption('MARKET')
  await field('Volume').fill(String(volume))
  await ticket().getByRole('button', { name: 'Send order' }).click()
}

/** The market keeps ticking: the instrument's time cell changes. */
async function marketTicks(): Promise<void> {
  const time = cell(region('Market'), `${SYMBOL}.CFFEX`, 'time')
  await time.waitFor({ timeout: 15_000 })
  const first = await time.textContent()
  await expect.poll(() => time.textContent(), { timeout: 15_000 }).not.toBe(first)
}

describe('a desk a trader can trust', () => {
  it('closes the position it holds now: 1 lot and then 2 more make a 3-lot close', async () => {
    await marketTicks()
    const positions = region('Positions')
    const volume = cell(positions, LONG, 'quantity')
    await marketOrder('LONG', 1)
    await expect.poll(() => volume.textContent(), { timeout: 15_000 }).toBe('1')
    await marketOrder('LONG', 2)
    // Fills show as pending until the poll brings the position.
    await expect.poll(() => volume.textContent(), { timeout: 15_000 }).toBe('3')
    await expect.poll(() => cell(positions, LONG, 'pending').textContent(), { timeout: 15_000 }).toBe('')
    await positions.getByRole('button', { name: `Close Long ${SYMBOL}.CFFEX` }).click()
    await expect.poll(() => field('Direction').inputValue()).toBe('SHORT')
    expect(await field('Offset').inputValue()).toBe('CLOSE')
    expect(await field('Volume').inputValue()).toBe('3')
  })

  it('works the tables from the keyboard: arrows, Enter, Tab to the row buttons, Escape back to the ticket', async () => {
    // A resting order, to cancel from the keyboard.
    await field('Order type').selectOption('LIMIT')
    await field('Direction').selectOption('LONG')
    await field('Offset').selectOption('OPEN')
    const bid = Number((await cell(region('Market'), `${SYMBOL}.CFFEX`, 'bidPrice1').textContent())!.replace(/,/g, ''))
    await field('Price').fill((bid - 40).toFixed(1))
    await field('Volume').fill('1')
    await ticket().getByRole('button', { name: 'Send order' }).click()
    await page.getByRole('tab', { name: 'Active orders', exact: true }).click()
    const active = region('Active orders')
    const cancel = active.getByRole('button', { name: new RegExp(`^Cancel order ${SYMBOL} `) })
    await cancel.first().waitFor({ timeout: 10_000 })

    // Tab from the table's tools in the tab bar enters the table at its first row; Tab again reaches the row's button.
    await page.locator('summary[aria-label="Columns: Active orders"]').focus()
    await page.keyboard.press('Tab')
    const focused = () =>
      page.evaluate<{ table?: string; label?: string; cell: boolean }>(`({
        table: document.activeElement?.closest('section[aria-label]')?.getAttribute('aria-label'),
        label: document.activeElement?.getAttribute('aria-label'),
        cell: document.activeElement?.classList.contains('ag-cell') === true,
      })`)
    expect(await focused()).toMatchObject({ table: 'Active orders', cell: true })
    await page.keyboard.press('Tab')
    expect((await focused()).label).toMatch(new RegExp(`^Cancel order ${SYMBOL} `))
    // From the row's last button, Tab leaves the table (one stop in the page); Shift+Tab comes back to the row.
    await page.keyboard.press('Tab')
    expect((await focused()).table).not.toBe('Active orders')
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toMatchObject({ table: 'Active orders', cell: true })
    await page.keyboard.press('Tab')
    expect((await focused()).label).toMatch(new RegExp(`^Cancel order ${SYMBOL} `))
    await page.keyboard.press('Enter')
    await expect.poll(() => cancel.count(), { timeout: 10_000 }).toBe(0)

    // Arrows between market rows; Enter puts the row's instrument on the ticket.
    const market = region('Market')
    await row(market, `${SYMBOL}.CFFEX`).locator('[col-id="symbol"]').click()
    await page.keyboard.press('ArrowDown')
    const below = await page.evaluate<string>("document.activeElement?.closest('.ag-row')?.getAttribute('row-id')")
    expect(below).not.toBe(`${SYMBOL}.CFFEX`)
    await page.keyboard.press('Enter')
    await expect.poll(() => field('Symbol').inputValue()).toBe(below)
    await page.keyboard.press('Escape')
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('ticket-symbol')
  })

  it('opens a log line in full on click, and closes it with Escape', async () => {
    const logs = region('Logs')
    await logs.locator('.ag-row[row-index="0"] [col-id="message"]').click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect((await dialog.locator('pre').first().textContent())!.length).toBeGreaterThan(0)
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
  })

  it('says at once that the host is gone, and comes back whole when it restarts: no reload', async () => {
    await row(region('Market'), `${SYMBOL}.CFFEX`).dblclick()
    const bars = region('Chart').locator('[data-bars]')
    await expect
      .poll(async () => Number(await bars.getAttribute('data-bars')), { timeout: 15_000 })
      .toBeGreaterThan(200)
    const depthPrices = region('Depth').locator('button')
    await expect.poll(() => depthPrices.count()).toBe(10)
    const send = ticket().getByRole('button', { name: 'Send order' })

    await host.restart(async () => {
      await expect.poll(() => page.getByRole('alert').filter({ hasText: LOST }).count(), { timeout: 10_000 }).toBe(1)
      expect(await send.isDisabled()).toBe(true)
      expect(await ticket().getByRole('status').filter({ hasText: 'Not connected to the desk' }).count()).toBe(1)
      await expect.poll(() => region('Status').textContent()).toMatch(/Gateway SIM: Unknown/)
      expect(await region('Status').textContent()).not.toMatch(/Connected/)
      expect(await region('Market').getByText('Stale', { exact: true }).count()).toBe(1)
      await page.mouse.move(0, 0)
      await page.screenshot({ path: resolve(SCREENSHOTS, 'host-lost-dark.png') })
      await page.getByLabel('Theme').selectOption('light')
      await page.screenshot({ path: resolve(SCREENSHOTS, 'host-lost-light.png') })
      await page.getByLabel('Theme').selectOption('dark')
    })

    await expect.poll(() => page.getByRole('alert').filter({ hasText: LOST }).count(), { timeout: 20_000 }).toBe(0)
    await marketTicks()
    await expect.poll(() => depthPrices.count(), { timeout: 10_000 }).toBe(10)
    await expect
      .poll(async () => Number(await bars.getAttribute('data-bars')), { timeout: 15_000 })
      .toBeGreaterThan(200)
    expect(await send.isDisabled()).toBe(false)
    await expect.poll(() => region('Status').textContent()).toMatch(/Gateway SIM: Connected/)
    await page.getByRole('tab', { name: 'Strategies', exact: true }).click()
    await region('Strategies').locator('article').first().waitFor({ timeout: 10_000 })
    expect(await region('Strategies').getByRole('button', { name: 'Add strategy' }).count()).toBe(1)
    await page.getByRole('tab', { name: 'Chart', exact: true }).click()
    // A new run of the desk (its simulated account was reset): the page says so, once.
    const restarted = page.getByRole('status').filter({ hasText: 'The desk restarted' })
    expect(await restarted.count()).toBe(1)
    await page.screenshot({ path: resolve(SCREENSHOTS, 'host-back-dark.png') })
    await restarted.getByRole('button', { name: 'Dismiss' }).click()
    expect(await restarted.count()).toBe(0)
  })

  it('shows how to sign in, without a reload, once the host comes back with a token the page does not hold', async () => {
    await host.restart(undefined, 'a-new-token-the-page-never-saw')
    const notice = page.getByRole('alert').filter({ hasText: 'This desk needs its access token' })
    await expect.poll(() => notice.count(), { timeout: 20_000 }).toBe(1)
    expect(await page.getByRole('region', { name: 'Market' }).count()).toBe(0)
  })

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([])
  })
})

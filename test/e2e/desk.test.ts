/**
 * A trader's journeys through the served page: the real host, engine and
 * simulated gateway behind it, `window.api` built over WebSocket by the same
 * preload code the desktop app uses.
 */
import { resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningHost } from './host'
import { deskParts, openServedDesk, SCREENSHOTS, type ServedDesk } from './page'

const SYMBOL = 'IF2612'

let desk: ServedDesk
let host: RunningHost
let browser: Browser
let page: Page
let baselineHandlers: number
const pageProblems: string[] = []

beforeAll(async () => {
  desk = await openServedDesk(pageProblems)
  ;({ host, browser, page, baselineHandlers } = desk)
  // The host traded the token for a cookie: it is out of the address bar, and so out of the history.
  expect(page.url()).toBe(`${host.origin}/`)
})

afterAll(() => desk?.close())

const { region, row, cell } = deskParts(() => page)

async function showTab(name: 'Orders' | 'Active orders'): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click()
}

describe('the served desk', () => {
  it('opens and the market rows start updating', async () => {
    const market = region('Market')
    const last = cell(market, `${SYMBOL}.CFFEX`, 'time')
    await last.waitFor()
    const first = await last.textContent()
    await expect.poll(() => last.textContent(), { timeout: 10_000 }).not.toBe(first)
    expect(await market.locator('.ag-row[row-id]').count()).toBeGreaterThanOrEqual(6)
    expect(first).toMatch(/^\d\d:\d\d:\d\d\.\d\d\d$/)
    await expect.poll(() => region('Status').textContent()).toMatch(/Gateway SIM: Connected/)
  })

  it('opens the chart of a chosen instrument with hours of history, not just the bars since the page opened', async () => {
    await row(region('Market'), `${SYMBOL}.CFFEX`).dblclick()
    const chart = region('Chart').locator('[data-bars]')
    await expect
      .poll(async () => Number(await chart.getAttribute('data-bars')), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(240)
  })

  it('sends an order from the ticket that fills and shows in orders, trades, positions and account', async () => {
    const accountBefore = await cell(region('Accounts'), 'SIM.CNY', 'available').textContent()
    await row(region('Market'), `${SYMBOL}.CFFEX`).dblclick()
    const ticket = region('Order ticket')
    await expect.poll(() => ticket.getByLabel('Symbol', { exact: true }).inputValue()).toBe(`${SYMBOL}.CFFEX`)
    await ticket.getByLabel('Direction', { exact: true }).selectOption('LONG')
    await ticket.getByLabel('Offset', { exact: true }).selectOption('OPEN')
    await ticket.getByLabel('Order type', { exact: true }).selectOption('MARKET')
    await ticket.getByLabel('Volume', { exact: true }).fill('1')
    await ticket.getByRole('button', { name: 'Send order' }).click()

    await showTab('Orders')
    const orders = region('Orders')
    await expect
      .poll(() => orders.locator('[col-id="status"]').allTextContents(), { timeout: 10_000 })
      .toContain('All traded')
    const trades = region('Trades')
    await expect.poll(() => trades.locator('.ag-row[row-id]').count()).toBeGreaterThanOrEqual(1)
    expect(await trades.locator('[col-id="symbol"]').allTextContents()).toContain(SYMBOL)
    const positions = region('Positions')
    const longVolume = cell(positions, `SIM.${SYMBOL}.CFFEX.LONG`, 'quantity')
    await expect.poll(() => longVolume.textContent(), { timeout: 10_000 }).toBe('1')
    await expect
      .poll(() => cell(region('Accounts'), 'SIM.CNY', 'available').textContent(), { timeout: 15_000 })
      .not.toBe(accountBefore)
    // Double-clicking the position pre-fills the order that closes it.
    await row(positions, `SIM.${SYMBOL}.CFFEX.LONG`).dblclick()
    await expect.poll(() => ticket.getByLabel('Direction', { exact: true }).inputValue()).toBe('SHORT')
    expect(await ticket.getByLabel('Offset', { exact: true }).inputValue()).toBe('CLOSE')
    expect(await ticket.getByLabel('Volume', { exact: true }).inputValue()).toBe('1')
    await ticket.getByLabel('Direction', { exact: true }).selectOption('LONG')
    await ticket.getByLabel('Offset', { exact: true }).selectOption('OPEN')
    // The fill is marked on the chart of the instrument.
    await expect(region('Chart').locator('canvas').first().isVisible()).resolves.toBe(true)
  })

  it('cancels a resting order from its row', async () => {
    const ticket = region('Order ticket')
    await ticket.getByLabel('Order type', { exact: true }).selectOption('LIMIT')
    const bid = Number((await cell(region('Market'), `${SYMBOL}.CFFEX`, 'bidPrice1').textContent())!.replace(/,/g, ''))
    await ticket.getByLabel('Price', { exact: true }).fill((bid - 20).toFixed(1))
    await ticket.getByRole('button', { name: 'Send order' }).click()
    await showTab('Active orders')
    const active = region('Active orders')
    const cancel = active.getByRole('button', { name: new RegExp(`^Cancel order ${SYMBOL} `) })
    await cancel.first().waitFor({ timeout: 10_000 })
    expect(await cancel.count()).toBe(1)
    await cancel.first().click()
    await expect.poll(() => cancel.count(), { timeout: 10_000 }).toBe(0)
    await showTab('Orders')
    await expect.poll(() => region('Orders').locator('[col-id="status"]').allTextContents()).toContain('Cancelled')
  })

  it('shows why an order was rejected next to the ticket', async () => {
    const ticket = region('Order ticket')
    await ticket.getByLabel('Order type', { exact: true }).selectOption('LIMIT')
    const last = Number((await cell(region('Market'), `${SYMBOL}.CFFEX`, 'lastPrice').textContent())!.replace(/,/g, ''))
    // Far beyond the daily limit: the risk check refuses it.
    await ticket.getByLabel('Price', { exact: true }).fill((Math.round((last * 1.5) / 0.2) * 0.2).toFixed(1))
    await ticket.getByRole('button', { name: 'Send order' }).click()
    await expect.poll(() => ticket.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/limit up/)
    await ticket.getByLabel('Price', { exact: true }).fill(last.toFixed(1))
  })

  it('switches theme and language at run time, and screenshots both themes', async () => {
    await page.mouse.move(0, 0)
    await page.waitForTimeout(1200) // let cell flashes fade so the picture shows the resting state
    await page.screenshot({ path: resolve(SCREENSHOTS, 'main-dark.png') })
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor')
    const dark = await background()

    await page.getByLabel('Theme').selectOption('light')
    await expect.poll(() => page.evaluate<string>('document.documentElement.dataset.theme')).toBe('light')
    expect(await background()).not.toBe(dark)
    await page.waitForTimeout(1200)
    await page.screenshot({ path: resolve(SCREENSHOTS, 'main-light.png') })

    await page.getByLabel('Language').selectOption('zh-CN')
    await region('行情').waitFor()
    expect(await page.getByRole('tab', { name: '活动委托' }).count()).toBe(1)
    expect(await region('委托').locator('[col-id="status"]').allTextContents()).toContain('已撤销')
    await page.getByLabel('主题').selectOption('dark')
    await page.waitForTimeout(1200)
    await page.screenshot({ path: resolve(SCREENSHOTS, 'main-dark-zh-CN.png') })
    await page.getByLabel('语言').selectOption('en')
    await region('Market').waitFor()
  })

  it('starts the demo strategy from its card, sees it trade, and stops it', async () => {
    await page.getByRole('tab', { name: 'Strategies', exact: true }).click()
    const card = region('Strategies').locator('article').first()
    await card.waitFor({ timeout: 10_000 })
    const name = (await card.getAttribute('aria-label'))!
    const status = card.locator('.strategy-status')
    if ((await status.textContent()) !== 'Initialised') {
      await card.getByRole('button', { name: `Init ${name}` }).click()
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Initialised')
    }
    await card.getByRole('button', { name: `Start ${name}` }).click()
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Trading')
    await showTab('Orders')
    await expect
      .poll(() => region('Orders').locator('[col-id="reference"]').allTextContents(), { timeout: 60_000 })
      .toContain(name)
    await page.screenshot({ path: resolve(SCREENSHOTS, 'strategies-dark.png') })
    await card.getByRole('button', { name: `Stop ${name}` }).click()
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Stopped')
    await showTab('Active orders')
    await expect
      .poll(() => region('Active orders').locator('[col-id="reference"]').allTextContents())
      .not.toContain(name)
    await page.getByRole('tab', { name: 'Chart', exact: true }).click()
  })

  it('keeps the layout and column state across a reload, until Reset layout', async () => {
    const splitter = page.getByRole('separator', { name: 'Resize: Order ticket' })
    const width = async () => Number(await splitter.getAttribute('aria-valuenow'))
    const before = await width()
    await splitter.focus()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    expect(await width()).toBe(before + 32)
    const lastHeader = region('Market').locator('.ag-header-cell[col-id="lastPrice"]')
    await lastHeader.click()
    await expect.poll(() => lastHeader.getAttribute('aria-sort')).toBe('ascending')

    await page.reload()
    await region('Market').locator('.ag-row[row-id]').first().waitFor()
    expect(await width()).toBe(before + 32)
    await expect.poll(() => lastHeader.getAttribute('aria-sort')).toBe('ascending')

    await page.getByRole('button', { name: 'Reset layout' }).click()
    expect(await width()).toBe(before)
    await expect.poll(() => lastHeader.getAttribute('aria-sort')).toBe('none')
  })

  it('shows a page opened without the token, or with a wrong one, how to sign in instead of an empty desk', async () => {
    const stranger = await browser.newContext()
    try {
      const other = await stranger.newPage()
      for (const address of [`${host.origin}/`, `${host.origin}/?token=not-the-token-0123456789`]) {
        await other.goto(address)
        await expect
          .poll(() => other.getByRole('alert').textContent())
          .toBe('This desk needs its access token: open the URL the host printed')
        expect(await other.getByRole('region', { name: 'Market' }).count()).toBe(0)
      }
      await other.screenshot({ path: resolve(SCREENSHOTS, 'sign-in-dark.png') })
      expect((await host.stats()).sessions).toBe(1) // only the trader's own page
    } finally {
      await stranger.close()
    }
  })

  it('ran without page errors or CSP violations', () => {
    expect(pageProblems).toEqual([])
  })

  it('returns the host to its baseline handler count when the page closes', async () => {
    expect((await host.stats()).sessions).toBe(1)
    await page.close()
    await expect.poll(async () => (await host.stats()).sessions, { timeout: 15_000 }).toBe(0)
    await expect.poll(async () => (await host.stats()).handlerCount, { timeout: 15_000 }).toBe(baselineHandlers)
  })
})

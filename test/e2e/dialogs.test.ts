/**
 * The dialogs, toasts and table export in the served page: finding an
 * instrument in Contracts and trading it, a risk limit changed in Settings
 * refusing the next order, Trades exported and read back, Cancel all asking
 * first, About; then every dialog photographed in both themes and both
 * languages. A desk of its own, with a data folder, so settings persist.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import packageJson from '../../package.json'
import type { RunningHost } from './host'
import { openServedDesk, SCREENSHOTS, type ServedDesk } from './page'

const BTC = 'BTCUSDT.BINANCE'
const IF = 'IF2612.CFFEX'

let desk: ServedDesk
let dataDir: string
let host: RunningHost
let page: Page
let baselineHandlers: number
const pageProblems: string[] = []

beforeAll(async () => {
  desk = await openServedDesk(pageProblems, { data: true })
  ;({ host, page, baselineHandlers } = desk)
  dataDir = desk.dataDir!
  await region('Market').locator(`.ag-row[row-id="${IF}"]`).first().waitFor({ timeout: 15_000 })
})

// A test that fails with a dialog open would leave the rest of the window inert: close what is open.
afterEach(async () => {
  for (let i = 0; i < 3 && !page.isClosed() && (await page.locator('dialog[open]').count()) > 0; i++)
    await page.keyboard.press('Escape')
})

afterAll(() => desk?.close())

const region = (name: string): Locator => page.getByRole('region', { name, exact: true })
const dialog = (name: string): Locator => page.getByRole('dialog', { name, exact: true })
const ticket = (): Locator => region('Order ticket')
const focusedText = (): Promise<string | undefined> =>
  page.evaluate<string | undefined>('document.activeElement?.textContent')

/** Ids of the rows a table draws (a pinned column draws a row twice: each id once). */
function rowIds(within: Locator): Promise<string[]> {
  return within
    .locator('.ag-row[row-id]')
    .evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('row-id')!))])
}

async function lastPrice(vtSymbol: string): Promise<number> {
  const text = await region('Market')
    .locator(`.ag-row[row-id="${vtSymbol}"] [col-id="lastPrice"]`)
    .first()
    .textContent()
  return Number(text!.replace(/,/g, ''))
}

describe('dialogs in the served desk', () => {
  it('finds "btc" in Contracts, picks it with Enter, and sends an order for it from the ticket', async () => {
    await page.getByRole('button', { name: 'Contracts', exact: true }).click()
    const contracts = dialog('Contracts')
    await contracts.waitFor()
    await expect.poll(async () => (await rowIds(contracts)).length).toBeGreaterThanOrEqual(6)
    await contracts.getByLabel('Search', { exact: true }).fill('茅台')
    await expect.poll(() => rowIds(contracts)).toEqual(['600519.SSE'])
    await contracts.getByLabel('Search', { exact: true }).fill('btc')
    await expect.poll(() => rowIds(contracts)).toEqual([BTC])
    await page.keyboard.press('Enter')
    await contracts.waitFor({ state: 'hidden' })
    // Focus is back on the button that opened it.
    expect(await focusedText()).toBe('Contracts')
    await expect.poll(() => ticket().getByLabel('Symbol', { exact: true }).inputValue()).toBe(BTC)
    expect(await ticket().locator('#ticket-symbol-name').textContent()).toBe('BTC/USDT')

    await ticket().getByLabel('Direction', { exact: true }).selectOption('LONG')
    await ticket().getByLabel('Order type', { exact: true }).selectOption('MARKET')
    await ticket().getByLabel('Volume', { exact: true }).fill('0.01')
    await ticket().getByRole('button', { name: 'Send order' }).click()
    await expect
      .poll(() => region('Trades').locator('[col-id="symbol"]').allTextContents(), { timeout: 10_000 })
      .toContain('BTCUSDT')
    // The fill is told in a toast too.
    await expect
      .poll(() => region('Notifications').getByRole('status').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/^Filled: Long Open 0\.01 BTCUSDT\.BINANCE @ [\d,]+\.\d\d/))
  })

  it('closes a dialog on Escape and gives focus back to its button', async () => {
    await page.getByRole('button', { name: 'Contracts', exact: true }).click()
    await dialog('Contracts').waitFor()
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('contracts-search')
    await page.keyboard.press('Escape')
    await dialog('Contracts').waitFor({ state: 'hidden' })
    expect(await focusedText()).toBe('Contracts')
  })

  it('changes a risk limit in Settings, at once and saved, and the next order over it is refused with the reason', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    const settings = dialog('Settings')
    const risk = settings.getByRole('region', { name: 'Risk', exact: true })
    const volumeCap = risk.getByLabel('Max order volume', { exact: true })
    await expect.poll(() => volumeCap.inputValue()).toBe('0')
    await volumeCap.fill('1')
    await volumeCap.press('Enter')
    await expect.poll(() => settings.getByRole('status').last().textContent()).toBe('Max order volume: 0 → 1, applied.')
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      risk: { maxOrderVolume: 1 },
    })
    await page.keyboard.press('Escape')
    await settings.waitFor({ state: 'hidden' })

    await region('Market').locator(`.ag-row[row-id="${IF}"]`).first().dblclick()
    await expect.poll(() => ticket().getByLabel('Symbol', { exact: true }).inputValue()).toBe(IF)
    await ticket().getByLabel('Order type', { exact: true }).selectOption('LIMIT')
    await ticket().getByLabel('Offset', { exact: true }).selectOption('OPEN')
    await ticket()
      .getByLabel('Price', { exact: true })
      .fill(((await lastPrice(IF)) - 40).toFixed(1))
    await ticket().getByLabel('Volume', { exact: true }).fill('2')
    await ticket().getByRole('button', { name: 'Send order' }).click()
    await expect
      .poll(() => ticket().getByRole('alert').textContent(), { timeout: 10_000 })
      .toMatch(/volume 2 exceeds the order volume cap 1/)
    await expect
      .poll(() => region('Notifications').getByRole('alert').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('exceeds the order volume cap 1'))
    await page.screenshot({ path: resolve(SCREENSHOTS, 'notifications-dark-en.png') })
    // The desk logged the change and which session made it.
    await expect
      .poll(() => region('Logs').locator('[col-id="message"]').allTextContents())
      .toContainEqual(
        expect.stringMatching(/^Settings changed by client 127\.0\.0\.1:\d+: risk\.maxOrderVolume 0 → 1$/),
      )

    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    await dialog('Settings').getByLabel('Max order volume', { exact: true }).fill('0')
    await dialog('Settings').getByLabel('Max order volume', { exact: true }).press('Enter')
    await expect.poll(() => dialog('Settings').getByRole('status').last().textContent()).toContain('1 → 0')
    await page.keyboard.press('Escape')
  })

  it('exports Trades as CSV and the file reads back: BOM, headers, raw numbers', async () => {
    const trades = region('Trades')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      trades.getByRole('button', { name: 'Export CSV', exact: true }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^eventdesk-trades-\d{4}-\d\d-\d\d\.csv$/)
    const bytes = readFileSync((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').split('\r\n')
    expect(lines[0]).toBe(
      '"Trade ID","Order ID","Symbol","Direction","Offset","Price","Volume","Time","Commission","Source"',
    )
    const btc = lines.find((line) => line.includes('"BTCUSDT"'))!
    const cells = btc.slice(1, -1).split('","')
    expect(cells[3]).toBe('Long')
    expect(cells[5]).toMatch(/^\d+(\.\d+)?$/) // a raw number: no thousands separator
    expect(cells[6]).toBe('0.01')
    expect(cells[7]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
    expect(lines.length - 1).toBe((await rowIds(trades)).length)
  })

  it('asks before Cancel all, naming the orders, and cancels them when told to', async () => {
    await ticket().getByLabel('Volume', { exact: true }).fill('1')
    await ticket()
      .getByLabel('Price', { exact: true })
      .fill(((await lastPrice(IF)) - 40).toFixed(1))
    await ticket().getByRole('button', { name: 'Send order' }).click()
    await page.getByRole('tab', { name: 'Active orders', exact: true }).click()
    const active = async (): Promise<number> => (await rowIds(region('Active orders'))).length
    await expect.poll(active, { timeout: 10_000 }).toBe(1)
    await ticket().getByRole('button', { name: 'Cancel all', exact: true }).click()
    const confirm = dialog('Cancel all working orders?')
    await confirm.waitFor()
    await confirm.getByRole('button', { name: 'Keep them' }).click()
    await confirm.waitFor({ state: 'hidden' })
    expect(await active()).toBe(1)

    await ticket().getByRole('button', { name: 'Cancel all', exact: true }).click()
    await confirm.getByRole('button', { name: 'Cancel 1 order', exact: true }).click()
    await expect.poll(active, { timeout: 10_000 }).toBe(0)
    await expect
      .poll(() => region('Notifications').getByRole('status').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/^Cancelled: Long Open 1 IF2612\.CFFEX/))
  })

  it('tells about the desk: version, runtime, data folder, licence', async () => {
    await page.getByRole('button', { name: 'About', exact: true }).click()
    const about = dialog('About EventDesk')
    await about.waitFor()
    await expect.poll(() => about.textContent()).toContain(packageJson.version)
    const text = (await about.textContent())!
    expect(text).toContain(dataDir)
    expect(text).toContain('MIT')
    expect(text).toMatch(/Chromium \d+/)
    await about.getByRole('button', { name: 'Close', exact: true }).last().click()
    await about.waitFor({ state: 'hidden' })
  })

  it('photographs every dialog in both themes and both languages', async () => {
    // A resting order, so Cancel all has something to ask about.
    await ticket()
      .getByLabel('Price', { exact: true })
      .fill(((await lastPrice(IF)) - 40).toFixed(1))
    await ticket().getByRole('button', { name: 'Send order' }).click()
    for (const locale of ['en', 'zh-CN'] as const)
      for (const theme of ['dark', 'light'] as const) {
        const saved = JSON.stringify(JSON.stringify({ theme, locale }))
        await page.evaluate(`localStorage.setItem('eventdesk:preferences', ${saved})`)
        await page.reload()
        await region(locale === 'en' ? 'Market' : '行情')
          .locator('.ag-row[row-id]')
          .first()
          .waitFor()
        const words =
          locale === 'en'
            ? {
                contracts: 'Contracts',
                settings: 'Settings',
                about: 'About',
                aboutTitle: 'About EventDesk',
                ticket: 'Order ticket',
                cancelAll: 'Cancel all',
                confirmTitle: 'Cancel all working orders?',
              }
            : {
                contracts: '合约',
                settings: '配置',
                about: '关于',
                aboutTitle: '关于 EventDesk',
                ticket: '交易',
                cancelAll: '全撤',
                confirmTitle: '撤销全部挂单?',
              }
        const photo = (name: string) =>
          page.screenshot({ path: resolve(SCREENSHOTS, `dialog-${name}-${theme}-${locale}.png`) })
        /** Opens a dialog from its button, photographs it once `ready`, and closes it with Escape. */
        const shoot = async (name: string, button: string, title: string, ready: (shown: Locator) => Promise<void>) => {
          await page.getByRole('button', { name: button, exact: true }).click()
          const shown = dialog(title)
          await shown.waitFor()
          await ready(shown)
          await photo(name)
          await page.keyboard.press('Escape')
          await shown.waitFor({ state: 'hidden' })
        }
        await shoot('contracts', words.contracts, words.contracts, (shown) =>
          shown.locator('.ag-row[row-id]').first().waitFor(),
        )
        await shoot('settings-end', words.settings, words.settings, async (shown) => {
          await shown.locator('input[type="number"]').first().waitFor()
          await photo('settings')
          // Then its end: the confirmations and this window's display choices.
          await shown.locator('.dialog-body').evaluate((body) => body.scrollTo(0, body.scrollHeight))
        })
        await shoot('about', words.about, words.aboutTitle, (shown) =>
          expect.poll(() => shown.textContent()).toContain(packageJson.version),
        )
        await region(words.ticket).getByRole('button', { name: words.cancelAll, exact: true }).click()
        const confirm = dialog(words.confirmTitle)
        await confirm.waitFor()
        await photo('confirm')
        await page.keyboard.press('Escape')
        await confirm.waitFor({ state: 'hidden' })
      }
    await page.evaluate(`localStorage.removeItem('eventdesk:preferences')`)
  })

  it('ran without page errors or CSP violations', () => {
    expect(pageProblems).toEqual([])
  })

  it('returns the host to its baseline handler count when the page closes', async () => {
    await page.close()
    await expect.poll(async () => (await host.stats()).sessions, { timeout: 15_000 }).toBe(0)
    await expect.poll(async () => (await host.stats()).handlerCount, { timeout: 15_000 }).toBe(baselineHandlers)
  })
})

/**
 * Issue 15 in the served page: the chart switched to 5-minute bars, a risk
 * rejection in 简体中文 with its numbers formatted (the cap set through the
 * settings module, in the data folder's settings.json, before the host
 * starts), and the Connect dialog remembered in the data folder. Screenshots
 * of the chart and the dialog in both themes and both languages.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openServedDesk, SCREENSHOTS, type ServedDesk } from './page'

const IF = 'IF2612.CFFEX'
/** Both themes in both languages: every screenshot is taken in each. */
const LOOKS = [
  ['dark', 'en'],
  ['light', 'en'],
  ['dark', 'zh-CN'],
  ['light', 'zh-CN'],
] as const

let desk: ServedDesk
let dataDir: string
let page: Page
const pageProblems: string[] = []

beforeAll(async () => {
  desk = await openServedDesk(pageProblems, {
    data: (dir) => writeFileSync(join(dir, 'settings.json'), JSON.stringify({ risk: { maxOrderVolume: 1000 } })),
  })
  ;({ page } = desk)
  dataDir = desk.dataDir!
})

afterAll(() => desk?.close())

const region = (name: string): Locator => page.getByRole('region', { name, exact: true })
/** The chart's canvas host, whatever the language names its region. */
const bars = (): Locator => page.locator('.chart-area [data-bars]')

async function setLook(theme: 'dark' | 'light', language: 'en' | 'zh-CN'): Promise<void> {
  // The top bar's quick switches, whichever language they are in now.
  await page
    .locator('header.toolbar label', { has: page.locator('option[value="dark"]') })
    .locator('select')
    .selectOption(theme)
  await page
    .locator('header.toolbar label', { has: page.locator('option[value="zh-CN"]') })
    .locator('select')
    .selectOption(language)
  await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe(language)
}

describe('issue 15 in the served desk', () => {
  it('switches the chart to 5-minute bars and shows them, with volume, averages and the legend', async () => {
    await region('Market').locator(`.ag-row[row-id="${IF}"]`).first().dblclick()
    await expect
      .poll(async () => Number(await bars().getAttribute('data-bars')), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1440)
    const timeframe = page.getByRole('radiogroup', { name: 'Timeframe' })
    await timeframe.getByRole('radio', { name: '5m', exact: true }).check()
    await expect.poll(() => bars().getAttribute('data-interval')).toBe('5m')
    // A week of 5-minute bars from the host, joined to the bars built here.
    await expect
      .poll(async () => Number(await bars().getAttribute('data-bars')), { timeout: 15_000 })
      .toBeGreaterThan(2000)
    expect(await region('Chart').getByRole('figure', { name: '5-minute candles' }).count()).toBe(1)
    // The legend follows the pointer.
    const box = (await bars().boundingBox())!
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4)
    const legend = region('Chart').getByRole('group', { name: 'Bar under the pointer' })
    const parts = () => legend.locator(':scope > span').allTextContents()
    await expect
      .poll(parts)
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^O [\d,]+\.\d$/),
          expect.stringMatching(/^H [\d,]+\.\d$/),
          expect.stringMatching(/^L [\d,]+\.\d$/),
          expect.stringMatching(/^C [\d,]+\.\d$/),
          expect.stringMatching(/^MA5 [\d,]+\.\d$/),
        ]),
      )
  })

  it('screenshots the chart in both themes and both languages', async () => {
    for (const [theme, language] of LOOKS) {
      await setLook(theme, language)
      const box = (await bars().boundingBox())!
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.35)
      await page.waitForTimeout(600)
      await page.locator('.chart-area').screenshot({ path: resolve(SCREENSHOTS, `chart-${theme}-${language}.png`) })
      await page
        .locator('.chart-legend')
        .screenshot({ path: resolve(SCREENSHOTS, `chart-legend-${theme}-${language}.png`) })
    }
    await setLook('dark', 'en')
    // An hour and a day: a month of hourly bars, a year of daily ones, dated by trading day.
    for (const [interval, least] of [
      ['1h', 700],
      ['1d', 250],
    ] as const) {
      await page
        .getByRole('radiogroup', { name: 'Timeframe' })
        .getByRole('radio', { name: interval, exact: true })
        .check()
      await expect
        .poll(async () => Number(await bars().getAttribute('data-bars')), { timeout: 15_000 })
        .toBeGreaterThan(least)
      await page.waitForTimeout(400)
      await page.locator('.chart-area').screenshot({ path: resolve(SCREENSHOTS, `chart-${interval}-dark-en.png`) })
    }
  })

  it('shows a risk rejection in 简体中文 with its numbers formatted', async () => {
    await setLook('dark', 'zh-CN')
    const ticket = region('交易')
    await ticket.getByLabel('类型', { exact: true }).selectOption('LIMIT')
    await ticket.getByLabel('数量', { exact: true }).fill('1500')
    await ticket.getByRole('button', { name: '委托', exact: true }).click()
    const alert = ticket.getByRole('alert')
    await expect
      .poll(() => alert.textContent(), { timeout: 10_000 })
      .toBe('拒单：数量 1,500 超过单笔委托数量上限 1,000')
    // The log says it in Chinese too.
    await expect
      .poll(() => region('日志').locator('[col-id="message"]').allTextContents())
      .toContainEqual(
        expect.stringMatching(
          /^委托 SIM\.R\d+（多 1,500 IF2612\.CFFEX）被拒绝：数量 1,500 超过单笔委托数量上限 1,000$/,
        ),
      )
    await page.locator('.left-column').screenshot({ path: resolve(SCREENSHOTS, 'rejection-zh-CN.png') })
    await ticket.getByLabel('数量', { exact: true }).fill('1')
    await setLook('dark', 'en')
  })

  it('connects the sim from its Connect dialog, which Escape closes, and remembers the setting in the data folder', async () => {
    const menu = page.locator('details.gateway-menu')
    await menu.locator('summary').click()
    await page.getByRole('button', { name: 'Disconnect SIM', exact: true }).click()
    await expect.poll(() => region('Status').textContent(), { timeout: 10_000 }).toMatch(/Gateway SIM: Disconnected/)

    await menu.locator('summary').click()
    await page.getByRole('button', { name: 'Connect SIM', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Connect SIM' })
    await dialog.waitFor()
    expect(await dialog.getByLabel('Tick rate').inputValue()).toBe('2')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Gateway')

    for (const [theme, language] of LOOKS) {
      await setLook(theme, language)
      await menu.locator('summary').click()
      await menu.getByRole('button').first().click()
      const named = page.getByRole('dialog', { name: language === 'en' ? 'Connect SIM' : '连接 SIM' })
      await named.waitFor()
      await page.waitForTimeout(300)
      await page.screenshot({ path: resolve(SCREENSHOTS, `connect-${theme}-${language}.png`) })
      await page.keyboard.press('Escape')
      await named.waitFor({ state: 'detached' })
    }
    await setLook('dark', 'en')

    await menu.locator('summary').click()
    await page.getByRole('button', { name: 'Connect SIM', exact: true }).click()
    await dialog.getByLabel('Tick rate').fill('0')
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect.poll(() => dialog.textContent()).toContain('Tick rate must be at least 0.1')
    await dialog.getByLabel('Tick rate').fill('4')
    await dialog.getByLabel('Latency').fill('100')
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => region('Status').textContent(), { timeout: 10_000 }).toMatch(/Gateway SIM: Connected/)
    const remembered = JSON.parse(readFileSync(join(dataDir, 'connect_sim.json'), 'utf8')) as Record<string, unknown>
    expect(remembered).toMatchObject({ tickRate: 4, latencyMs: 100 })
  })

  it('ran without page errors or CSP violations', () => {
    expect(pageProblems).toEqual([])
  })
})

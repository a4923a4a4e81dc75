/** The served desk in Chromium, as every end-to-end test opens it, and how a trader finds its parts. */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { launchChromium } from './browser'

/** Where screenshots go: kept as artifacts, and looked at. */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots')

/**
 * Chromium on the desk at `url`, at a trader's screen size. Page errors are
 * collected into `problems`, and console errors too unless told otherwise (a
 * host that goes away on purpose makes the browser log its failed reconnects).
 */
export async function openDesk(
  url: string,
  problems: string[],
  { consoleErrors = true } = {},
): Promise<{ browser: Browser; page: Page }> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1600, height: 960 } })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  if (consoleErrors)
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
  await page.goto(url)
  return { browser, page }
}

/** A named region (a panel), a table's row by its id, and one cell of it, on the page `page()` returns. */
export function deskParts(page: () => Page) {
  const region = (name: string): Locator => page().getByRole('region', { name, exact: true })
  const row = (within: Locator, rowId: string): Locator => within.locator(`.ag-row[row-id="${rowId}"]`).first()
  const cell = (within: Locator, rowId: string, colId: string): Locator =>
    within.locator(`.ag-row[row-id="${rowId}"] [col-id="${colId}"]`).first()
  return { region, row, cell }
}

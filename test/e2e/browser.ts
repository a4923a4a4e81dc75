/** Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work here). */
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * The desk's page at `url` in a window of the size the screenshots are taken at; page and console errors go to
 * `problems`. Without `consoleErrors`, page errors only: a host stopped on purpose makes the browser log each
 * reconnect that fails.
 */
export async function openDeskPage(
  browser: Browser,
  url: string,
  problems: string[],
  { consoleErrors = true } = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 960 } })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  if (consoleErrors)
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
  await page.goto(url)
  return page
}

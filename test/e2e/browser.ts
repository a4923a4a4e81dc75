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
 * A page of the desk at a trader's screen size, opened at `url`, and the
 * page errors and console errors it reports (a test expects none: a CSP
 * violation shows up there too).
 */
export async function openDeskPage(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const problems: string[] = []
  const page = await browser.newPage({ viewport: { width: 1600, height: 960 } })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  await page.goto(url)
  return { page, problems }
}

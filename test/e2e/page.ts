/** The served desk in Chromium as each end-to-end file opens it, how a trader finds its parts, and where its pictures go. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { launchChromium, openDeskPage } from './browser'
import { startHost, type RunningHost } from './host'

/** Where screenshots go: kept as artifacts, and looked at. */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots')

/** A named region (a panel), a table's row by its id, and one cell of it, on the page `page()` returns. */
export function deskParts(page: () => Page) {
  const region = (name: string): Locator => page().getByRole('region', { name, exact: true })
  const row = (within: Locator, rowId: string): Locator => within.locator(`.ag-row[row-id="${rowId}"]`).first()
  const cell = (within: Locator, rowId: string, colId: string): Locator =>
    within.locator(`.ag-row[row-id="${rowId}"] [col-id="${colId}"]`).first()
  return { region, row, cell }
}

/** A host serving the desk, and a page on it in Chromium. */
export interface ServedDesk {
  host: RunningHost
  browser: Browser
  page: Page
  /** The host's data folder, a fresh temporary one that `close` removes; none for an ephemeral host. */
  dataDir: string | undefined
  /** The engine's handler count before any page opened: a closed page must bring it back. */
  baselineHandlers: number
  close(): Promise<void>
}

/**
 * Starts a host and opens the desk's page on it; page errors (and, unless told otherwise, console errors) go to
 * `problems`. The host is ephemeral (a restart is a new run of the desk) unless `data` asks for a data folder;
 * a function there may write files into it (such as settings.json) before the host starts.
 */
export async function openServedDesk(
  problems: string[],
  options: { data?: boolean | ((dataDir: string) => void); consoleErrors?: boolean; args?: string[] } = {},
): Promise<ServedDesk> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const dataDir = options.data ? mkdtempSync(join(tmpdir(), 'eventdesk-e2e-')) : undefined
  if (dataDir !== undefined && typeof options.data === 'function') options.data(dataDir)
  const host = await startHost([...(dataDir === undefined ? [] : ['--data', dataDir]), ...(options.args ?? [])])
  const baselineHandlers = (await host.stats()).handlerCount
  const browser = await launchChromium()
  const page = await openDeskPage(browser, host.url, problems, { consoleErrors: options.consoleErrors })
  const close = async (): Promise<void> => {
    await browser.close()
    await host.stop()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  }
  return { host, browser, page, dataDir, baselineHandlers, close }
}

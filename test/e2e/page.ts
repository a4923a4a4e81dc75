/** How a trader finds the served desk's parts, and where its pictures go. */
import { resolve } from 'node:path'
import type { Locator, Page } from 'playwright-core'

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

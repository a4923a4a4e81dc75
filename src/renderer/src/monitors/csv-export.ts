/**
 * Every table's "Export CSV" (vnpy's monitors "save data"): what the table
 * holds — all its rows in its order, its visible columns with their headers
 * in the window's language — saved as eventdesk-<table>-<date>.csv.
 *
 * ag-grid's own exportDataAsCsv does the walking, quoting and download, and
 * already writes UTF-8 with a byte-order mark (so Excel reads Chinese names).
 * What it does not do by itself, and this module adds: numbers are written
 * raw (its default runs each column's value formatter, which groups
 * thousands and rounds to the tick), enum codes in words, times as a full
 * local date and time that spreadsheets read as one, the row-action buttons'
 * column left out, and text that a spreadsheet would run as a formula
 * defused (OWASP's CSV injection advice, which ag-grid's documentation repeats).
 */
import type { CsvExportParams, GridApi } from 'ag-grid-community'
import type { MonitorColumn, MonitorDefinition, MonitorSource, Translate } from './monitor'

type Row = Record<string, unknown>

/** Spreadsheets run a cell starting with one of these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** `YYYY-MM-DD`, local. */
function localDate(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

/** `YYYY-MM-DD HH:MM:SS.mmm`, local: what a spreadsheet parses as a date and time. */
function localDateTime(epochMs: number): string {
  const at = new Date(epochMs)
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`
  return `${localDate(at)} ${time}`
}

/** The file a table is saved to: `eventdesk-active-orders-2026-11-26.csv`. */
export function csvFileName(monitorId: string, at: Date): string {
  const table = monitorId.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
  return `eventdesk-${table}-${localDate(at)}.csv`
}

/** One cell as the file holds it. */
export function csvCell(column: MonitorColumn<Row> | undefined, value: unknown, t: Translate): string {
  if (value === undefined || value === null || value === '') return ''
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return ''
    if (column?.kind === 'time') return localDateTime(value)
    // Raw, less the float dust of sums (0.1 + 0.2): fifteen significant digits are all a double holds.
    return String(Number(value.toPrecision(15)))
  }
  if (column?.kind === 'enum') return t(`${column.enumKey}.${String(value)}`)
  const text = String(value)
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** What ag-grid is asked to export for `definition`, as the grid shows it now. */
export function csvExportParams<S extends MonitorSource>(
  api: GridApi,
  definition: MonitorDefinition<S>,
  t: Translate,
  at: Date,
): CsvExportParams {
  const columns = new Map((definition.columns as unknown as MonitorColumn<Row>[]).map((column) => [column.id, column]))
  return {
    fileName: csvFileName(definition.id, at),
    // Visible columns in their shown order; the row buttons are not data.
    columnKeys: api
      .getAllDisplayedColumns()
      .map((column) => column.getColId())
      .filter((colId) => columns.has(colId)),
    processCellCallback: (params) => csvCell(columns.get(params.column.getColId()), params.value, t),
  }
}

/** Saves the table as CSV (the browser's download; Electron asks where). */
export function exportMonitorCsv<S extends MonitorSource>(
  api: GridApi,
  definition: MonitorDefinition<S>,
  t: Translate,
  at = new Date(),
): void {
  api.exportDataAsCsv(csvExportParams(api, definition, t, at))
}

/**
 * Turns a monitor's column definitions into ag-grid column definitions:
 * values stay raw numbers (numeric sort), formatting and colour come from the
 * cell kind, live columns flash when they change.
 */
import type { CellClassRules, ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community'
import { formatNumber, formatSigned, formatVolume, signOf } from '../format/numbers'
import { formatTime } from '../format/time'
import type { CodedMessage } from '../i18n/host-text'
import { ACTIONS_COLUMN, ROW_ACTION_CLASS } from './grid-keyboard'
import type {
  CellKind,
  DeskState,
  MonitorColumn,
  MonitorDefinition,
  MonitorSource,
  RowAction,
  Translate,
} from './monitor'

/** What cells need from the window, handed to the grid as its `context`. */
export interface MonitorContext extends DeskState {
  t: Translate
  /** A host message in the user's language, or the English when it cannot be shown so. */
  hostText: (message: CodedMessage, english: string) => string
  /** Decimal places of an instrument's prices (from its contract's price tick). */
  priceDecimals: (vtSymbol: string | undefined) => number
  runAction: (actionId: string, row: unknown) => void
}

type Row = Record<string, unknown>

const NUMERIC_KINDS: ReadonlySet<CellKind> = new Set(['price', 'volume', 'money', 'pnl', 'percent', 'ratio', 'time'])

/** Numbers compare as numbers; missing values sort first. */
export function compareNumbers(a: unknown, b: unknown): number {
  const x = typeof a === 'number' && Number.isFinite(a) ? a : -Infinity
  const y = typeof b === 'number' && Number.isFinite(b) ? b : -Infinity
  return x === y ? 0 : x < y ? -1 : 1
}

const naturalOrder = new Intl.Collator('en', { numeric: true })

/** Ids compare by their numbers, so order 9 comes before order 10; missing ids sort first. */
export function compareIds(a: unknown, b: unknown): number {
  const x = a === undefined || a === null ? '' : String(a)
  const y = b === undefined || b === null ? '' : String(b)
  return naturalOrder.compare(x, y)
}

/** A cell's text, as the grid shows it. */
export function formatCell(
  column: MonitorColumn<Row>,
  value: unknown,
  row: Row | undefined,
  context: MonitorContext,
): string {
  if (value === undefined || value === null || value === '') return ''
  switch (column.kind) {
    case 'text':
      return column.hostMessage && row ? context.hostText(column.hostMessage(row), String(value)) : String(value)
    case 'id':
      return String(value)
    case 'enum':
      return context.t(`${column.enumKey}.${String(value)}`)
    case 'price':
      return formatNumber(value as number, context.priceDecimals(row?.vtSymbol as string | undefined))
    case 'volume':
      return formatVolume(value as number)
    case 'money':
      return formatNumber(value as number, 2)
    case 'pnl':
      return formatSigned(value as number, 2)
    case 'percent':
      return `${formatSigned(value as number, 2)}%`
    case 'ratio':
      return `${formatNumber((value as number) * 100, 2)}%`
    case 'time':
      return formatTime(value as number)
    case 'pending':
      return typeof value === 'number'
        ? context.t('pending.lots', { volume: formatSigned(value, Number.isInteger(value) ? 0 : 2) })
        : context.t('pending.fills')
  }
}

/** The sign that colours a cell: the column's tone, or the value's own sign for PnL and change. */
function toneOf(column: MonitorColumn<Row>, value: unknown, row: Row | undefined): number {
  if (column.tone !== undefined) return row === undefined ? 0 : column.tone(row)
  if (column.kind === 'pnl' || column.kind === 'percent') return signOf(value as number, 2)
  return 0
}

/**
 * Class rules rather than a class function: the grid toggles a rule's class
 * only when the rule's answer changes, so a ticking cell does not rewrite its
 * class list (and restyle) on every update.
 */
function classRules(column: MonitorColumn<Row>): CellClassRules | undefined {
  const rules: CellClassRules = {}
  if (column.tone !== undefined || column.kind === 'pnl' || column.kind === 'percent') {
    rules['ed-up'] = (params) => toneOf(column, params.value, params.data as Row | undefined) > 0
    rules['ed-down'] = (params) => toneOf(column, params.value, params.data as Row | undefined) < 0
  }
  if (column.kind === 'pending') rules['ed-pending'] = (params) => params.value !== undefined
  for (const [className, rule] of Object.entries(column.classRules ?? {}))
    rules[className] = (params) => params.data !== undefined && rule(params.data as Row)
  return Object.keys(rules).length > 0 ? rules : undefined
}

/** The grid's columns; `flash` off keeps every cell from flashing, whatever its column says. */
export function toColDefs<S extends MonitorSource>(
  definition: MonitorDefinition<S>,
  t: Translate,
  flash: boolean,
): ColDef[] {
  const columns = definition.columns as unknown as MonitorColumn<Row>[]
  const colDefs: ColDef[] = columns.map((column) => {
    const numeric = NUMERIC_KINDS.has(column.kind)
    const field = column.field ?? column.id
    const colDef: ColDef = {
      colId: column.id,
      headerName: t(`column.${column.id}`),
      width: column.width,
      hide: column.hidden === true,
      sortable: true,
      resizable: true,
      enableCellChangeFlash: flash && column.flash === true,
      valueGetter: column.value
        ? (params) => (params.data ? column.value!(params.data as Row, params.context as MonitorContext) : undefined)
        : (params) => (params.data as Row | undefined)?.[field],
      valueFormatter: (params: ValueFormatterParams) =>
        formatCell(column, params.value, params.data as Row | undefined, params.context as MonitorContext),
      cellClassRules: classRules(column),
      tooltipValueGetter: column.tooltip
        ? (params) => {
            const row = params.data as Row | undefined
            if (row === undefined) return undefined
            const shown = formatCell(column, params.value, row, params.context as MonitorContext)
            return column.tooltip!(row, shown)
          }
        : undefined,
    }
    if (numeric) {
      colDef.comparator = compareNumbers
      colDef.type = 'rightAligned'
    } else if (column.kind === 'id') colDef.comparator = compareIds
    return colDef
  })
  if (definition.actions?.length) colDefs.unshift(actionsColDef(definition.actions as unknown as RowAction<Row>[], t))
  return colDefs
}

function actionsColDef(actions: RowAction<Row>[], t: Translate): ColDef {
  return {
    colId: ACTIONS_COLUMN,
    headerName: t('column.actions'),
    width: 84,
    sortable: false,
    resizable: false,
    // First and not pinned: in sight without scrolling, and no sticky column, which costs every row a
    // compositing layer and every repaint a re-layerisation of the page.
    lockPosition: 'left',
    // The value is which actions apply, so the grid redraws the buttons when that changes.
    valueGetter: (params) => {
      const row = params.data as Row | undefined
      return row
        ? actions
            .filter((action) => action.enabled(row))
            .map((action) => action.id)
            .join(' ')
        : ''
    },
    cellRenderer: (params: ICellRendererParams) => {
      const row = params.data as Row | undefined
      const context = params.context as MonitorContext
      const cell = document.createElement('span')
      if (row === undefined) return cell
      for (const action of actions) {
        if (!action.enabled(row)) continue
        const button = document.createElement('button')
        button.type = 'button'
        button.className = ROW_ACTION_CLASS
        // Reached by Tab from its row (grid-keyboard.ts), not in the page's Tab order.
        button.tabIndex = -1
        button.textContent = context.t(action.text)
        button.setAttribute('aria-label', action.label(row, context.t))
        button.addEventListener('click', (event) => {
          event.stopPropagation()
          context.runAction(action.id, row)
        })
        cell.append(button)
      }
      return cell
    },
  }
}

/** Ids of the columns that show pending fills: redrawn when the unpolled fills change, though no row did. */
export function pendingColumnIds<S extends MonitorSource>(definition: MonitorDefinition<S>): string[] {
  return definition.columns.filter((column) => column.kind === 'pending').map((column) => column.id)
}

/** Ids of the columns whose values move with the market. */
export function liveColumnIds<S extends MonitorSource>(definition: MonitorDefinition<S>): Set<string> {
  return new Set(definition.columns.filter((column) => column.live).map((column) => column.id))
}

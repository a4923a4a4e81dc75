/**
 * The tables from the keyboard, as WAI-ARIA's grid pattern has it: a table is
 * one stop in the page's Tab order; inside it the arrow keys move between
 * cells and rows; Enter does what double-click does; Tab from a row goes to
 * that row's buttons (Cancel, Close, Trade), and from the last one out of
 * the table. The buttons themselves are out of the page's Tab order
 * (tabindex -1), or Tab would walk every row's buttons before leaving.
 */
import type { FocusGridInnerElementParams, GridOptions, IRowNode, SuppressKeyboardEventParams } from 'ag-grid-community'

/** The class of a row's action buttons (col-defs.ts draws them). */
export const ROW_ACTION_CLASS = 'ed-row-action'
/** The id of the column of row buttons. */
export const ACTIONS_COLUMN = 'actions'

export interface GridKeyboard {
  /** Enter on a row: the double-click's twin. */
  activate: (node: IRowNode) => void
}

/** Grid options that give a table the keyboard behaviour above. */
export function keyboardOptions(
  handlers: GridKeyboard,
): Pick<GridOptions, 'defaultColDef' | 'tabToNextCell' | 'focusGridInnerElement'> {
  return {
    defaultColDef: { suppressKeyboardEvent: (params) => handleKey(params, handlers) },
    // Tab from a cell that the handler above let through leaves the table.
    tabToNextCell: () => false,
    focusGridInnerElement: enterAtLastCell,
  }
}

/** Returns true when the key was handled here, so the grid does nothing more with it. */
function handleKey(params: SuppressKeyboardEventParams, handlers: GridKeyboard): boolean {
  const { event, node, api } = params
  if (params.editing || event.type !== 'keydown') return false
  const target = event.target as HTMLElement
  const onButton = target.classList.contains(ROW_ACTION_CLASS)
  if (event.key === 'Enter') {
    // On a button, Enter presses the button, and only that.
    if (!onButton) handlers.activate(node)
    return true
  }
  if (event.key !== 'Tab') return false
  const buttons = rowButtons(target, node)
  const at = onButton ? buttons.indexOf(target as HTMLButtonElement) : -1
  const next = event.shiftKey ? (onButton ? at - 1 : -2) : at + 1
  if (next >= 0 && next < buttons.length) {
    event.preventDefault()
    buttons[next].focus()
    return true
  }
  if (onButton && event.shiftKey) {
    // Back from the first button to the row, at the cell Tab left (the grid still names it focused).
    event.preventDefault()
    const left = api.getFocusedCell()
    const column = left?.rowIndex === node.rowIndex ? left.column : api.getAllDisplayedColumns()[0]
    if (node.rowIndex !== null && column !== undefined) api.setFocusedCell(node.rowIndex, column)
    return true
  }
  return false
}

/** The row's action buttons, wherever in the row they are drawn. */
function rowButtons(from: HTMLElement, node: IRowNode): HTMLButtonElement[] {
  const grid = from.closest('.ag-root-wrapper')
  if (grid === null || node.id === undefined) return []
  const selector = `.ag-row[row-id="${CSS.escape(node.id)}"] .${ROW_ACTION_CLASS}`
  return [...grid.querySelectorAll<HTMLButtonElement>(selector)]
}

/** Tabbing into a table lands on the cell focused last, else the first row; a table with no rows gets its header. */
function enterAtLastCell({ api }: FocusGridInnerElementParams): boolean {
  // The first cell of data: the row buttons' column comes first, but its buttons are reached with Tab from the row.
  const column = api.getAllDisplayedColumns().find((candidate) => candidate.getColId() !== ACTIONS_COLUMN)
  if (api.getDisplayedRowCount() === 0 || column === undefined) return false
  // The grid answers null or undefined when no cell was focused yet.
  const last = api.getFocusedCell() ?? undefined
  const rowIndex = last !== undefined && last.rowIndex < api.getDisplayedRowCount() ? last.rowIndex : 0
  api.ensureIndexVisible(rowIndex)
  api.setFocusedCell(rowIndex, last?.column ?? column)
  return true
}

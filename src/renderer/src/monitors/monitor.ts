import type { Account, Contract, Order, Position, Tick, Trade, UnpolledFills } from '../../../shared/objects'
import type { CodedMessage } from '../i18n/host-text'
import type { LogEntry } from '../live/log-book'

/**
 * How a cell shows its value. Numbers stay numbers in the grid (so they sort
 * as numbers); the kind only decides how they are formatted and coloured.
 */
export type CellKind =
  | 'text'
  /** An id the exchange or the desk numbers (order, trade, account): shown as text, sorted by its numbers (9 < 10 < R1). */
  | 'id'
  /** An enum value, shown through i18n (`enumKey.VALUE`). */
  | 'enum'
  /** A price, with the precision of the row's instrument's price tick. */
  | 'price'
  | 'volume'
  /** Money: two decimals. */
  | 'money'
  /** Signed money coloured by its sign: profit and loss. */
  | 'pnl'
  /** Signed percentage coloured by its sign. */
  | 'percent'
  /** A fraction shown as a percentage, unsigned and uncoloured: a margin rate. */
  | 'ratio'
  /** Epoch milliseconds as local time with milliseconds. */
  | 'time'
  /**
   * Fills the last poll does not show yet (issue 14, defect 6): "Pending",
   * with the lots traded since when the value is a number. Empty otherwise.
   */
  | 'pending'

export interface MonitorColumn<Row> {
  /** Column id; its header is `column.<id>` in i18n; persisted column state refers to it. */
  id: string
  kind: CellKind
  /** Field read from the row; defaults to `id`. */
  field?: keyof Row & string
  /** Derived value, for columns that are not a field (change %), or that read the desk beside the row (pending). */
  value?: (row: Row, desk: DeskState) => number | string | boolean | undefined
  /** i18n namespace for `enum` cells. */
  enumKey?: string
  /** Moves with the market: sorting by it re-sorts as rows update. */
  live?: boolean
  /** The cell flashes when its value changes (bid/ask, last, PnL): the few a trader watches. */
  flash?: boolean
  /** Colours the cell up (>0) or down (<0): a direction, a change, a PnL. */
  tone?: (row: Row) => number
  /** CSS classes the cell has while their rule holds (a log level's colour). */
  classRules?: Record<string, (row: Row) => boolean>
  /** The whole text on hover, for cells too narrow for it (a log line and its stack); `shown` is the cell's text. */
  tooltip?: (row: Row, shown: string) => string | undefined
  /** The cell's value is the host's English; this is the same as a host message, shown in the user's language. */
  hostMessage?: (row: Row) => CodedMessage
  width?: number
  /** Hidden until the user shows it. */
  hidden?: boolean
}

/** A button on each row, such as cancelling an order. */
export interface RowAction<Row> {
  id: string
  /** i18n key of the button's text. */
  text: string
  /** The button's accessible label, naming the row it acts on. */
  label: (row: Row, t: Translate) => string
  enabled: (row: Row) => boolean
}

export type Translate = (key: string, named?: Record<string, unknown>) => string

/** What a column may read beyond its row: the desk's state that no row holds. */
export interface DeskState {
  /** Fills the last position and account polls do not show yet. */
  readonly unpolled: UnpolledFills
}

/** The rows a monitor may show, by where they come from in the live store. */
export interface MonitorRows {
  tick: Tick
  order: Order
  trade: Trade
  position: Position
  account: Account
  contract: Contract
  log: LogEntry
}
export type MonitorSource = keyof MonitorRows

/** A monitor as data (vnpy's BaseMonitor headers): which rows, keyed how, in which columns. */
export interface MonitorDefinition<S extends MonitorSource = MonitorSource> {
  /** Stable id: persisted column state lives under it. */
  id: string
  source: S
  rowKey: (row: MonitorRows[S]) => string
  columns: MonitorColumn<MonitorRows[S]>[]
  /** Only rows passing this are shown (active orders). */
  filter?: (row: MonitorRows[S]) => boolean
  /** New rows go on top, as in vnpy's order, trade and log monitors. */
  newestFirst?: boolean
  actions?: RowAction<MonitorRows[S]>[]
  /**
   * Each row's value updates are redrawn at most this often (ms), the latest
   * value winning (RowConflator); rows added or removed show at once.
   * Default: every change, in the frame it arrives.
   */
  redrawEveryMs?: number
}

/** Builds a definition with the row type checked against its source. */
export function defineMonitor<S extends MonitorSource>(definition: MonitorDefinition<S>): MonitorDefinition<S> {
  return definition
}

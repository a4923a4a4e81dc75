/**
 * Every monitor of the main window, as column definitions: what vnpy's
 * `BaseMonitor` subclasses declare in their `headers`. One generic component
 * (MonitorGrid) renders them all.
 */
import { isActive, type Direction, type Order, type Position, type Tick } from '../../../shared/objects'
import { defineMonitor, type MonitorColumn, type RowAction } from './monitor'
import { LIVE_REDRAW_MS } from './row-conflator'

const directionTone = (row: { direction: Direction; volume?: number }): number =>
  row.direction === 'LONG' ? 1 : row.direction === 'SHORT' ? -1 : Math.sign(row.volume ?? 0)

/** Puts the instrument on the ticket: the button twin of double-clicking the row. */
const tradeAction: RowAction<Tick> = {
  id: 'trade',
  text: 'action.trade',
  label: (tick, t) => t('action.tradeSymbol', { symbol: tick.vtSymbol }),
  enabled: () => true,
}

/** Pre-fills the order that closes the position: the button twin of double-clicking it. */
const closeAction: RowAction<Position> = {
  id: 'close',
  text: 'action.close',
  label: (position, t) =>
    t('action.closePosition', { symbol: position.vtSymbol, direction: t(`direction.${position.direction}`) }),
  enabled: (position) => position.volume !== 0,
}

export const marketMonitor = defineMonitor({
  id: 'market',
  source: 'tick',
  rowKey: (tick) => tick.vtSymbol,
  actions: [tradeAction],
  // Every row ticks: four redraws a second read as live and leave the frame time to the rest of the window.
  redrawEveryMs: LIVE_REDRAW_MS,
  columns: [
    { id: 'symbol', kind: 'text', width: 90 },
    { id: 'exchange', kind: 'text', width: 76 },
    { id: 'name', kind: 'text', width: 110 },
    {
      id: 'lastPrice',
      kind: 'price',
      live: true,
      flash: true,
      width: 92,
      tone: (tick) => tick.lastPrice - tick.preClose,
    },
    {
      id: 'changePercent',
      kind: 'percent',
      live: true,
      width: 84,
      value: (tick) => (tick.preClose > 0 ? ((tick.lastPrice - tick.preClose) / tick.preClose) * 100 : undefined),
    },
    { id: 'bidPrice1', flash: true, kind: 'price', live: true, width: 90 },
    { id: 'bidVolume1', kind: 'volume', live: true, width: 74 },
    { id: 'askPrice1', flash: true, kind: 'price', live: true, width: 90 },
    { id: 'askVolume1', kind: 'volume', live: true, width: 74 },
    { id: 'volume', kind: 'volume', live: true, width: 94 },
    { id: 'openInterest', kind: 'volume', live: true, width: 90 },
    { id: 'openPrice', kind: 'price', width: 90 },
    { id: 'highPrice', kind: 'price', live: true, width: 90 },
    { id: 'lowPrice', kind: 'price', live: true, width: 90 },
    { id: 'time', field: 'datetime', kind: 'time', live: true, width: 104 },
    { id: 'gateway', field: 'gatewayName', kind: 'text', width: 70 },
  ],
})

const orderColumns: MonitorColumn<Order>[] = [
  { id: 'orderId', kind: 'id', width: 64 },
  { id: 'symbol', kind: 'text', width: 76 },
  { id: 'exchange', kind: 'text', width: 70, hidden: true },
  { id: 'direction', kind: 'enum', enumKey: 'direction', width: 54, tone: directionTone },
  { id: 'offset', kind: 'enum', enumKey: 'offset', width: 58 },
  { id: 'price', kind: 'price', width: 80 },
  { id: 'quantity', field: 'volume', kind: 'volume', width: 54 },
  { id: 'traded', kind: 'volume', width: 56 },
  { id: 'status', kind: 'enum', enumKey: 'orderStatus', width: 86 },
  { id: 'type', kind: 'enum', enumKey: 'orderType', width: 62 },
  { id: 'time', field: 'datetime', kind: 'time', width: 96 },
  { id: 'reference', kind: 'text', width: 72 },
  {
    id: 'rejectReason',
    kind: 'text',
    width: 180,
    hostMessage: (order) => ({ code: order.rejectCode, params: order.rejectParams }),
    tooltip: (_order, shown) => shown,
  },
  { id: 'gateway', field: 'gatewayName', kind: 'text', width: 70, hidden: true },
]

const cancelAction: RowAction<Order> = {
  id: 'cancel',
  text: 'action.cancel',
  label: (order, t) => t('action.cancelOrder', { id: `${order.symbol} ${order.orderId}` }),
  enabled: isActive,
}

export const ordersMonitor = defineMonitor({
  id: 'orders',
  source: 'order',
  rowKey: (order) => order.vtOrderId,
  newestFirst: true,
  columns: orderColumns,
  actions: [cancelAction],
})

export const activeOrdersMonitor = defineMonitor({
  id: 'activeOrders',
  source: 'order',
  rowKey: (order) => order.vtOrderId,
  newestFirst: true,
  columns: orderColumns.filter((column) => column.id !== 'rejectReason'),
  filter: isActive,
  actions: [cancelAction],
})

export const tradesMonitor = defineMonitor({
  id: 'trades',
  source: 'trade',
  rowKey: (trade) => trade.vtTradeId,
  newestFirst: true,
  columns: [
    { id: 'tradeId', kind: 'id', width: 70 },
    { id: 'orderId', kind: 'id', width: 70 },
    { id: 'symbol', kind: 'text', width: 80 },
    { id: 'exchange', kind: 'text', width: 70, hidden: true },
    { id: 'direction', kind: 'enum', enumKey: 'direction', width: 58, tone: directionTone },
    { id: 'offset', kind: 'enum', enumKey: 'offset', width: 62 },
    { id: 'price', kind: 'price', width: 82 },
    { id: 'quantity', field: 'volume', kind: 'volume', width: 56 },
    { id: 'time', field: 'datetime', kind: 'time', width: 96 },
    { id: 'commission', kind: 'money', width: 82 },
    { id: 'reference', kind: 'text', width: 72 },
    { id: 'gateway', field: 'gatewayName', kind: 'text', width: 70, hidden: true },
  ],
})

export const positionsMonitor = defineMonitor({
  id: 'positions',
  source: 'position',
  rowKey: (position) => position.vtPositionId,
  actions: [closeAction],
  // PnL moves with every tick of the instrument.
  redrawEveryMs: LIVE_REDRAW_MS,
  columns: [
    { id: 'symbol', kind: 'text', width: 76 },
    { id: 'direction', kind: 'enum', enumKey: 'direction', width: 52, tone: directionTone },
    { id: 'quantity', field: 'volume', kind: 'volume', live: true, flash: true, width: 56 },
    {
      id: 'pending',
      kind: 'pending',
      width: 78,
      value: (position, desk) => desk.unpolled.positions[position.vtPositionId],
    },
    { id: 'ydVolume', kind: 'volume', live: true, width: 58 },
    { id: 'frozen', kind: 'volume', live: true, width: 54 },
    { id: 'avgPrice', field: 'price', kind: 'price', width: 80 },
    { id: 'pnl', kind: 'pnl', live: true, flash: true, width: 92 },
    { id: 'margin', kind: 'money', live: true, width: 100, hidden: true },
    { id: 'exchange', kind: 'text', width: 70 },
    { id: 'gateway', field: 'gatewayName', kind: 'text', width: 60 },
  ],
})

export const accountsMonitor = defineMonitor({
  id: 'accounts',
  source: 'account',
  rowKey: (account) => account.vtAccountId,
  redrawEveryMs: LIVE_REDRAW_MS,
  columns: [
    { id: 'accountId', kind: 'id', width: 70 },
    { id: 'balance', kind: 'money', live: true, flash: true, width: 110 },
    { id: 'available', kind: 'money', live: true, flash: true, width: 110 },
    {
      id: 'pending',
      kind: 'pending',
      width: 70,
      value: (account, desk) => (desk.unpolled.accounts.includes(account.vtAccountId) ? true : undefined),
    },
    { id: 'margin', kind: 'money', live: true, width: 100 },
    { id: 'frozen', kind: 'money', live: true, width: 90 },
    { id: 'pnl', field: 'positionPnl', kind: 'pnl', live: true, width: 100, hidden: true },
    { id: 'commission', kind: 'money', live: true, width: 90, hidden: true },
    { id: 'gateway', field: 'gatewayName', kind: 'text', width: 70, hidden: true },
  ],
})

export const logsMonitor = defineMonitor({
  id: 'logs',
  source: 'log',
  rowKey: (log) => String(log.id),
  newestFirst: true,
  columns: [
    { id: 'time', kind: 'time', width: 100 },
    {
      id: 'level',
      kind: 'enum',
      enumKey: 'logLevel',
      width: 70,
      classRules: {
        'ed-level-warning': (log) => log.level === 'WARNING',
        'ed-level-error': (log) => log.level === 'ERROR',
      },
    },
    { id: 'source', kind: 'text', width: 90 },
    {
      id: 'message',
      kind: 'text',
      width: 520,
      hostMessage: (log) => log,
      tooltip: (log, shown) => (log.stack ? `${shown}\n${log.stack}` : shown),
    },
  ],
})

/** Every instrument of every gateway (vnpy's contract manager); the Contracts dialog filters it. */
export const contractsMonitor = defineMonitor({
  id: 'contracts',
  source: 'contract',
  rowKey: (contract) => contract.vtSymbol,
  columns: [
    { id: 'symbol', kind: 'text', width: 100 },
    { id: 'exchange', kind: 'text', width: 84 },
    { id: 'name', kind: 'text', width: 150 },
    { id: 'product', kind: 'enum', enumKey: 'product', width: 80 },
    { id: 'size', kind: 'volume', width: 70 },
    { id: 'pricetick', kind: 'price', width: 84 },
    { id: 'minVolume', kind: 'volume', width: 90 },
    { id: 'marginRate', kind: 'ratio', width: 96 },
    { id: 'gateway', field: 'gatewayName', kind: 'text', width: 80 },
  ],
})

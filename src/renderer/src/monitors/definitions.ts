/**
 * Every monitor of the main window, as column definitions: what vnpy's
 * `BaseMonitor` subclasses declare in their `headers`. One generic component
 * (MonitorGrid) renders them all.
 */
import { isActive, type Direction, type Order } from '../../../shared/objects'
import { defineMonitor, type MonitorColumn, type RowAction } from './monitor'

const directionTone = (row: { direction: Direction; volume?: number }): number =>
  row.direction === 'LONG' ? 1 : row.direction === 'SHORT' ? -1 : Math.sign(row.volume ?? 0)

export const marketMonitor = defineMonitor({
  id: 'market',
  source: 'tick',
  rowKey: (tick) => tick.vtSymbol,
  columns: [
    { id: 'symbol', kind: 'text', width: 90 },
    { id: 'exchange', kind: 'text', width: 76 },
    { id: 'name', kind: 'text', width: 90, hidden: true },
    {
      id: 'lastPrice',
      kind: 'price',
      live: true,
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
    { id: 'bidPrice1', kind: 'price', live: true, width: 90 },
    { id: 'bidVolume1', kind: 'volume', live: true, width: 74 },
    { id: 'askPrice1', kind: 'price', live: true, width: 90 },
    { id: 'askVolume1', kind: 'volume', live: true, width: 74 },
    { id: 'volume', kind: 'volume', live: true, width: 94 },
    { id: 'openInterest', kind: 'volume', live: true, width: 90 },
    { id: 'highPrice', kind: 'price', live: true, width: 90 },
    { id: 'lowPrice', kind: 'price', live: true, width: 90 },
    { id: 'time', field: 'datetime', kind: 'time', live: true, width: 104 },
    { id: 'gateway', field: 'gatewayName', kind: 'text', width: 70, hidden: true },
  ],
})

const orderColumns: MonitorColumn<Order>[] = [
  { id: 'orderId', kind: 'text', width: 90 },
  { id: 'symbol', kind: 'text', width: 86 },
  { id: 'exchange', kind: 'text', width: 70, hidden: true },
  { id: 'type', kind: 'enum', enumKey: 'orderType', width: 66 },
  { id: 'direction', kind: 'enum', enumKey: 'direction', width: 66, tone: directionTone },
  { id: 'offset', kind: 'enum', enumKey: 'offset', width: 76 },
  { id: 'price', kind: 'price', width: 86 },
  { id: 'volume', kind: 'volume', width: 66 },
  { id: 'traded', kind: 'volume', width: 66 },
  { id: 'status', kind: 'enum', enumKey: 'orderStatus', width: 92 },
  { id: 'time', field: 'datetime', kind: 'time', width: 100 },
  { id: 'reference', kind: 'text', width: 80 },
  { id: 'rejectReason', kind: 'text', width: 160 },
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
    { id: 'tradeId', kind: 'text', width: 90 },
    { id: 'orderId', kind: 'text', width: 90 },
    { id: 'symbol', kind: 'text', width: 86 },
    { id: 'exchange', kind: 'text', width: 70, hidden: true },
    { id: 'direction', kind: 'enum', enumKey: 'direction', width: 66, tone: directionTone },
    { id: 'offset', kind: 'enum', enumKey: 'offset', width: 76 },
    { id: 'price', kind: 'price', width: 86 },
    { id: 'volume', kind: 'volume', width: 66 },
    { id: 'commission', kind: 'money', width: 90 },
    { id: 'time', field: 'datetime', kind: 'time', width: 100 },
    { id: 'reference', kind: 'text', width: 80 },
    { id: 'gateway', field: 'gatewayName', kind: 'text', width: 70, hidden: true },
  ],
})

export const positionsMonitor = defineMonitor({
  id: 'positions',
  source: 'position',
  rowKey: (position) => position.vtPositionId,
  columns: [
    { id: 'symbol', kind: 'text', width: 86 },
    { id: 'exchange', kind: 'text', width: 70 },
    { id: 'direction', kind: 'enum', enumKey: 'direction', width: 66, tone: directionTone },
    { id: 'volume', kind: 'volume', live: true, width: 70 },
    { id: 'ydVolume', kind: 'volume', live: true, width: 80 },
    { id: 'frozen', kind: 'volume', live: true, width: 66 },
    { id: 'avgPrice', field: 'price', kind: 'price', width: 92 },
    { id: 'pnl', kind: 'pnl', live: true, width: 100 },
    { id: 'margin', kind: 'money', live: true, width: 100, hidden: true },
    { id: 'gateway', field: 'gatewayName', kind: 'text', width: 70 },
  ],
})

export const accountsMonitor = defineMonitor({
  id: 'accounts',
  source: 'account',
  rowKey: (account) => account.vtAccountId,
  columns: [
    { id: 'accountId', kind: 'text', width: 90 },
    { id: 'balance', kind: 'money', live: true, width: 120 },
    { id: 'frozen', kind: 'money', live: true, width: 100 },
    { id: 'available', kind: 'money', live: true, width: 120 },
    { id: 'margin', kind: 'money', live: true, width: 110 },
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
    { id: 'level', kind: 'enum', enumKey: 'logLevel', width: 70, className: (log) => `ed-level-${log.level}` },
    { id: 'source', kind: 'text', width: 90 },
    { id: 'message', kind: 'text', width: 520 },
  ],
})

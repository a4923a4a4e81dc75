import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createOrderData, type Log, type Order, type Status, type Trade } from '../../src/shared/objects'

/** The access token of the desk that desk-process.ts runs. */
export const DESK_TOKEN = 'kill-test-token-0123456789'

/** A fresh folder under the system's temporary directory (never the user's home). */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'eventdesk-journal-'))
}

/** 2026-11-26 09:30 in Shanghai. */
export const T0 = Date.UTC(2026, 10, 26, 1, 30)

export function order(n: number, status: Status = 'NOTTRADED', patch: Partial<Order> = {}): Order {
  const base = createOrderData(
    {
      symbol: 'IF2612',
      exchange: 'CFFEX',
      direction: 'LONG',
      offset: 'OPEN',
      type: 'LIMIT',
      price: 4000 + n,
      volume: 2,
    },
    String(n),
    'SIM',
    status,
    T0 + n * 1000,
  )
  return { ...base, traded: status === 'ALLTRADED' ? 2 : 0, ...patch }
}

export function trade(n: number, patch: Partial<Trade> = {}): Trade {
  return {
    gatewayName: 'SIM',
    symbol: 'IF2612',
    exchange: 'CFFEX',
    vtSymbol: 'IF2612.CFFEX',
    orderId: String(n),
    vtOrderId: `SIM.${n}`,
    tradeId: `T${n}`,
    vtTradeId: `SIM.T${n}`,
    direction: 'LONG',
    offset: 'OPEN',
    price: 4000 + n,
    volume: 2,
    datetime: T0 + n * 1000 + 500,
    reference: 'manual',
    commission: 1.2,
    ...patch,
  }
}

export function log(n: number, patch: Partial<Log> = {}): Log {
  return { time: T0 + n * 1000, level: 'INFO', source: 'trader', message: `line ${n}`, ...patch }
}

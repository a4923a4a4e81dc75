/** Test doubles and sample objects for renderer tests: a scriptable EventDeskApi and trading objects. */
import { mount } from '@vue/test-utils'
import type { GridApi } from 'ag-grid-community'
import { createPinia, setActivePinia } from 'pinia'
import type { ApiEvents, Batch, CommandChannel, CommandResult, EventDeskApi, Snapshot } from '../../src/shared/contract'
import { emptySnapshot } from '../shared/fixtures'
import type { Contract, Log, Order, Position, Tick, Trade, Account } from '../../src/shared/objects'
import { createAppI18n } from '@renderer/i18n'
import { API_KEY, LIVE_STORE_KEY } from '@renderer/live/inject'
import { LiveStore } from '@renderer/live/live-store'
import MonitorGrid from '@renderer/components/MonitorGrid.vue'
import type { MonitorDefinition } from '@renderer/monitors/monitor'

type Reply = (request: unknown) => CommandResult<CommandChannel> | Promise<CommandResult<CommandChannel>>

/** An EventDeskApi whose pushes the test makes and whose commands it records and answers. */
export class FakeApi implements EventDeskApi {
  readonly calls: { channel: CommandChannel; request: unknown }[] = []
  /** Unanswered commands get `null`; the list commands a menu asks as it opens get the empty list the host would give. */
  private readonly replies = new Map<string, Reply>([['gateway:remotes', () => ({ ok: true, value: [] })]])
  private readonly listeners: { [E in keyof ApiEvents]: Set<(payload: ApiEvents[E]) => void> } = {
    batch: new Set(),
    connection: new Set(),
  }

  reply(channel: CommandChannel, reply: Reply): void {
    this.replies.set(channel, reply)
  }

  invoke<C extends CommandChannel>(channel: C, request: unknown): Promise<CommandResult<C>> {
    this.calls.push({ channel, request })
    const reply = this.replies.get(channel)
    return Promise.resolve(reply ? reply(request) : { ok: true, value: null }) as Promise<CommandResult<C>>
  }

  on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const set = this.listeners[event] as Set<(payload: ApiEvents[E]) => void>
    set.add(listener)
    return () => void set.delete(listener)
  }

  push(batch: Batch): void {
    for (const listener of this.listeners.batch) listener(batch)
  }

  /** The transport's state changes: the host went away, or is back. */
  connect(state: ApiEvents['connection']): void {
    for (const listener of this.listeners.connection) listener(state)
  }

  listenerCount(): number {
    return this.listeners.batch.size + this.listeners.connection.size
  }

  callsTo(channel: CommandChannel): unknown[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.request)
  }
}

/** A frame scheduler the test runs by hand. */
export class ManualFrames {
  private queued: (() => void)[] = []
  readonly schedule = (apply: () => void): void => void this.queued.push(apply)
  run(): void {
    for (const apply of this.queued.splice(0)) apply()
  }
}

export function contract(symbol: string, pricetick = 0.2, overrides: Partial<Contract> = {}): Contract {
  return {
    gatewayName: 'SIM',
    symbol,
    exchange: 'CFFEX',
    vtSymbol: `${symbol}.CFFEX`,
    name: symbol,
    product: 'FUTURES',
    size: 300,
    pricetick,
    minVolume: 1,
    marginRate: 0.12,
    commissionRate: 0.000023,
    ...overrides,
  }
}

export function tick(symbol: string, lastPrice: number, overrides: Partial<Tick> = {}): Tick {
  return {
    gatewayName: 'SIM',
    symbol,
    exchange: 'CFFEX',
    vtSymbol: `${symbol}.CFFEX`,
    datetime: Date.UTC(2026, 10, 26, 1, 30, 0, 5),
    name: symbol,
    lastPrice,
    lastVolume: 1,
    volume: 100,
    turnover: 0,
    openInterest: 5000,
    openPrice: lastPrice,
    highPrice: lastPrice + 10,
    lowPrice: lastPrice - 10,
    preClose: lastPrice - 5,
    limitUp: lastPrice * 1.1,
    limitDown: lastPrice * 0.9,
    bidPrice1: lastPrice - 0.2,
    bidPrice2: lastPrice - 0.4,
    bidPrice3: lastPrice - 0.6,
    bidPrice4: lastPrice - 0.8,
    bidPrice5: lastPrice - 1,
    askPrice1: lastPrice + 0.2,
    askPrice2: lastPrice + 0.4,
    askPrice3: lastPrice + 0.6,
    askPrice4: lastPrice + 0.8,
    askPrice5: lastPrice + 1,
    bidVolume1: 11,
    bidVolume2: 12,
    bidVolume3: 13,
    bidVolume4: 14,
    bidVolume5: 15,
    askVolume1: 21,
    askVolume2: 22,
    askVolume3: 23,
    askVolume4: 24,
    askVolume5: 25,
    ...overrides,
  }
}

export function order(orderId: string, overrides: Partial<Order> = {}): Order {
  return {
    gatewayName: 'SIM',
    symbol: 'IF2412',
    exchange: 'CFFEX',
    vtSymbol: 'IF2412.CFFEX',
    orderId,
    vtOrderId: `SIM.${orderId}`,
    type: 'LIMIT',
    direction: 'LONG',
    offset: 'OPEN',
    price: 3900,
    volume: 1,
    traded: 0,
    status: 'NOTTRADED',
    datetime: Date.UTC(2026, 10, 26, 1, 30, 0, 7),
    reference: 'manual',
    ...overrides,
  }
}

export function trade(tradeId: string, overrides: Partial<Trade> = {}): Trade {
  return {
    gatewayName: 'SIM',
    symbol: 'IF2412',
    exchange: 'CFFEX',
    vtSymbol: 'IF2412.CFFEX',
    orderId: '1',
    vtOrderId: 'SIM.1',
    tradeId,
    vtTradeId: `SIM.${tradeId}`,
    direction: 'LONG',
    offset: 'OPEN',
    price: 3900,
    volume: 1,
    datetime: Date.UTC(2026, 10, 26, 1, 30, 1, 0),
    reference: 'manual',
    commission: 27,
    ...overrides,
  }
}

export function position(direction: 'LONG' | 'SHORT', overrides: Partial<Position> = {}): Position {
  return {
    gatewayName: 'SIM',
    symbol: 'IF2412',
    exchange: 'CFFEX',
    vtSymbol: 'IF2412.CFFEX',
    direction,
    vtPositionId: `SIM.IF2412.CFFEX.${direction}`,
    volume: 2,
    ydVolume: 0,
    frozen: 0,
    price: 3900,
    pnl: 1200,
    margin: 280000,
    ...overrides,
  }
}

export function account(overrides: Partial<Account> = {}): Account {
  return {
    gatewayName: 'SIM',
    accountId: 'A1',
    vtAccountId: 'SIM.A1',
    balance: 1_000_000,
    frozen: 0,
    available: 1_000_000,
    margin: 0,
    commission: 0,
    closePnl: 0,
    positionPnl: 0,
    ...overrides,
  }
}

export function log(message: string, overrides: Partial<Log> = {}): Log {
  return { time: Date.UTC(2026, 10, 26, 1, 30, 0, 0), level: 'INFO', source: 'engine', message, ...overrides }
}

/** A fresh pinia, i18n, fake api and store, plus the `global` options to mount a component with them. */
export function setup(options: { logCapacity?: number; tradeCapacity?: number; now?: () => number } = {}) {
  localStorage.clear()
  const pinia = createPinia()
  setActivePinia(pinia)
  const api = new FakeApi()
  const frames = new ManualFrames()
  const store = new LiveStore(api, { scheduler: frames.schedule, ...options })
  store.start()
  const i18n = createAppI18n('en')
  let seq = 0
  return {
    api,
    frames,
    store,
    i18n,
    global: { plugins: [pinia, i18n], provide: { [API_KEY as symbol]: api, [LIVE_STORE_KEY as symbol]: store } },
    /** Pushes a snapshot batch and applies it. */
    snapshot(overrides: Partial<Snapshot> = {}): void {
      seq = 0
      api.push({ seq: 0, snapshot: emptySnapshot(overrides), items: {} })
      frames.run()
    },
    /** Pushes the next delta batch and applies it. */
    push(items: Batch['items']): void {
      api.push({ seq: ++seq, items })
      frames.run()
    },
  }
}

/** Mounts the table of `definition` on the test's store, attached to the document so the grid lays it out. */
export function mountMonitor(env: ReturnType<typeof setup>, definition: MonitorDefinition<never>, title: string) {
  return mount(MonitorGrid, {
    props: { definition: definition as unknown as MonitorDefinition, title },
    global: env.global,
    attachTo: document.body,
  })
}

/** The grid's API of a mounted table (MonitorGrid exposes it). */
export function gridOf(wrapper: { vm: unknown }): GridApi {
  return (wrapper.vm as { gridApi: GridApi }).gridApi
}

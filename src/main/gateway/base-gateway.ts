import type { EventEngine } from '../engine'
import {
  EVENT_ACCOUNT,
  EVENT_CONTRACT,
  EVENT_GATEWAY,
  EVENT_LOG,
  EVENT_ORDER,
  EVENT_POSITION,
  EVENT_TICK,
  EVENT_TRADE,
} from '../../shared/events'
import type {
  Account,
  CancelRequest,
  Contract,
  GatewayState,
  GatewayStatus,
  LogLevel,
  Order,
  OrderRequest,
  Position,
  SubscribeRequest,
  Tick,
  Trade,
} from '../../shared/objects'
import { logText, type HostMessage } from '../../shared/messages'
import type { Gateway, GatewaySetting } from './gateway'
import { putKeyed } from './put-keyed'

/**
 * How a gateway reports upward (vnpy's `BaseGateway.on_*`): each update is
 * put on the engine under its generic and its keyed type, keyed as vnpy
 * keys them: ticks, trades, positions and contracts by vtSymbol, orders by
 * vtOrderId, accounts by vtAccountId. Pushed objects are handed over: the
 * gateway must not mutate them afterwards.
 */
export abstract class BaseGateway implements Gateway {
  abstract readonly defaultSetting: Readonly<GatewaySetting>

  constructor(
    protected readonly engine: EventEngine,
    readonly gatewayName: string,
    /** Epoch milliseconds for logs and status events. */
    protected readonly clock: () => number = Date.now,
  ) {}

  abstract connect(setting: GatewaySetting): void
  abstract close(): void
  abstract subscribe(req: SubscribeRequest): void
  abstract sendOrder(req: OrderRequest): string
  abstract cancelOrder(req: CancelRequest): void
  abstract queryAccount(): void
  abstract queryPosition(): void

  /** `eTick.<vtSymbol>` per vtSymbol, built once: a fresh concatenation per tick costs a string and a hash each time. */
  private readonly tickTypes = new Map<string, string>()

  protected onTick(tick: Tick): void {
    let keyed = this.tickTypes.get(tick.vtSymbol)
    if (keyed === undefined) this.tickTypes.set(tick.vtSymbol, (keyed = EVENT_TICK + tick.vtSymbol))
    this.engine.put({ type: EVENT_TICK, data: tick })
    this.engine.put<string>({ type: keyed, data: tick })
  }

  protected onOrder(order: Order): void {
    putKeyed(this.engine, EVENT_ORDER, order.vtOrderId, order)
  }

  protected onTrade(trade: Trade): void {
    putKeyed(this.engine, EVENT_TRADE, trade.vtSymbol, trade)
  }

  protected onPosition(position: Position): void {
    putKeyed(this.engine, EVENT_POSITION, position.vtSymbol, position)
  }

  protected onAccount(account: Account): void {
    putKeyed(this.engine, EVENT_ACCOUNT, account.vtAccountId, account)
  }

  protected onContract(contract: Contract): void {
    putKeyed(this.engine, EVENT_CONTRACT, contract.vtSymbol, contract)
  }

  /** A host message (shown in each window's language), or plain text. */
  protected onLog(message: string | HostMessage, level: LogLevel = 'INFO'): void {
    this.engine.put({
      type: EVENT_LOG,
      data: { time: this.clock(), level, source: this.gatewayName, ...logText(message) },
    })
  }

  /** Reports a connection state change (EventDesk's own event, so a window can show the connection). */
  protected onStatus(state: GatewayState, message?: string): void {
    const status: GatewayStatus = { gatewayName: this.gatewayName, state, time: this.clock() }
    if (message !== undefined) status.message = message
    this.engine.put({ type: EVENT_GATEWAY, data: status })
  }
}

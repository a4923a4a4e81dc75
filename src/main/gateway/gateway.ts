import type { GatewaySetting, GatewaySettingField } from '../../shared/gateway-settings'
import type { Interval } from '../../shared/intervals'
import type { Bar, CancelRequest, HistoryRequest, OrderRequest, SubscribeRequest } from '../../shared/objects'

export type { GatewaySetting }

/**
 * What the trading core needs from a broker or exchange connection (vnpy's
 * `BaseGateway`). Requests go down through these methods; everything comes
 * back up as events on the engine (see `BaseGateway`), never as return
 * values, so a real, asynchronous gateway fits the same shape.
 */
export interface Gateway {
  readonly gatewayName: string
  /** The settings `connect` understands, with their defaults. */
  readonly defaultSetting: Readonly<GatewaySetting>
  /**
   * What each setting is, for the Connect dialog: kind, bounds, unit and a
   * line of description. Optional: without it the dialog makes fields from
   * `defaultSetting`'s types.
   */
  readonly settingFields?: readonly GatewaySettingField[]
  /** Logs in; pushes contracts, then orders, trades, account and positions as the broker reports them. */
  connect(setting: GatewaySetting): void
  /** Logs out and releases every timer and engine handler the connection holds. */
  close(): void
  subscribe(req: SubscribeRequest): void
  /** Sends an order and returns its vtOrderId at once; its states follow as order events. */
  sendOrder(req: OrderRequest): string
  cancelOrder(req: CancelRequest): void
  /** Asks for the account(s); the answer comes as account events. */
  queryAccount(): void
  /** Asks for the positions; the answer comes as position events. */
  queryPosition(): void
  /**
   * Past bars, oldest first (vnpy's `query_history`): the one query
   * answered by value, not by events. Optional: a gateway without a history
   * service leaves it out.
   */
  queryHistory?(req: HistoryRequest): Bar[] | Promise<Bar[]>
  /**
   * The intervals `queryHistory` serves itself (an exchange's klines);
   * default 1-minute only. The trading core makes the others from minutes.
   */
  readonly historyIntervals?: readonly Interval[]
}

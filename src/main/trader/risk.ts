import type { EventEngine } from '../engine'
import { DisposableStore } from '../../shared/disposable-store'
import { EVENT_ACCOUNT, EVENT_ORDER } from '../../shared/events'
import { isMultipleOf } from '../../shared/numbers'
import { isActive, toVtSymbol, type Contract, type Direction, type OrderRequest } from '../../shared/objects'
import { hostMessage, type HostMessage } from '../../shared/messages'
import { DEFAULT_SETTINGS, settingSection, type SettingSection } from '../../shared/settings'
import type { Oms } from './oms'

/**
 * Pre-trade checks; each can be switched off (caps: 0 means no cap). They are
 * the desk's `risk.*` settings: src/shared/settings.ts says what each means.
 */
export type RiskSettings = SettingSection<'risk'>

export const DEFAULT_RISK_SETTINGS: Readonly<RiskSettings> = settingSection(DEFAULT_SETTINGS, 'risk')

/** An accepted order the caches have not heard of yet: gateways answer through the engine, later. */
interface InFlight {
  req: OrderRequest
  gatewayName: string
}

/**
 * Funds an accepted open holds back until an account snapshot shows them:
 * the snapshot that follows the exchange's acknowledgement holds the order's
 * frozen funds, or the margin of what it filled, and so replaces the
 * reservation.
 */
interface Reservation {
  vtAccountId: string
  /** Margin plus commission per unit of volume, at the order's price. */
  perVolume: number
  /** Volume still held: the whole order while it works, what it filled once it is finished. */
  volume: number
  /** The exchange has reported the order (any status past SUBMITTING): the next snapshot shows it. */
  acknowledged: boolean
}

const EPSILON = 1e-9

/**
 * Checks each order request against the settings and the trading core's
 * latest state, and remembers what it let through until the caches reflect
 * it, so two orders sent in one turn cannot both spend the same funds or
 * position.
 */
export class RiskManager {
  private settings: RiskSettings
  private readonly inFlight = new Map<string, InFlight>()
  /** By vtOrderId. */
  private readonly reservations = new Map<string, Reservation>()
  /** Monotonic times of accepted orders in the last second. */
  private recent: number[] = []
  private readonly handlers = new DisposableStore()

  constructor(
    engine: EventEngine,
    private readonly oms: Oms,
    settings: Partial<RiskSettings> = {},
  ) {
    this.settings = { ...DEFAULT_RISK_SETTINGS, ...settings }
    this.handlers.add(
      engine.register(EVENT_ORDER, (event) => {
        const order = event.data!
        this.inFlight.delete(order.vtOrderId)
        const reservation = this.reservations.get(order.vtOrderId)
        if (reservation === undefined) return
        if (order.status !== 'SUBMITTING') reservation.acknowledged = true
        // A cancel or rejection frees the untraded part now; what traded stays until a snapshot shows it.
        if (!isActive(order)) reservation.volume = order.traded
        if (reservation.volume === 0) this.reservations.delete(order.vtOrderId)
      }),
      engine.register(EVENT_ACCOUNT, (event) => {
        const { vtAccountId } = event.data!
        for (const [vtOrderId, reservation] of this.reservations)
          if (reservation.vtAccountId === vtAccountId && reservation.acknowledged) this.reservations.delete(vtOrderId)
      }),
    )
  }

  getSettings(): RiskSettings {
    return { ...this.settings }
  }

  updateSettings(patch: Partial<RiskSettings>): RiskSettings {
    this.settings = { ...this.settings, ...patch }
    return this.getSettings()
  }

  /** Why the request must be rejected, or undefined if it may go to the gateway. `now` is monotonic ms. */
  check(req: OrderRequest, gatewayName: string, now: number): HostMessage | undefined {
    const s = this.settings
    if (!s.active) return undefined
    const vtSymbol = toVtSymbol(req.symbol, req.exchange)
    const contract = this.oms.contracts.get(vtSymbol)
    if (s.checkContract && contract === undefined) return hostMessage('risk.unknownContract', { vtSymbol })

    if (s.checkVolume) {
      if (!(req.volume > 0)) return hostMessage('risk.volumeNotPositive', { volume: req.volume })
      if (contract !== undefined && !isMultipleOf(req.volume, contract.minVolume))
        return hostMessage('risk.volumeOffStep', { volume: req.volume, minVolume: contract.minVolume })
    }
    const tick = this.oms.ticks.get(vtSymbol)
    if (s.checkPrice && req.type !== 'MARKET') {
      if (!(req.price > 0)) return hostMessage('risk.priceNotPositive', { price: req.price })
      if (contract !== undefined && !isMultipleOf(req.price, contract.pricetick))
        return hostMessage('risk.priceOffTick', { price: req.price, pricetick: contract.pricetick })
      if (tick !== undefined && tick.limitUp > 0 && req.price > tick.limitUp + EPSILON)
        return hostMessage('risk.aboveLimitUp', { price: req.price, limitUp: tick.limitUp })
      if (tick !== undefined && tick.limitDown > 0 && req.price < tick.limitDown - EPSILON)
        return hostMessage('risk.belowLimitDown', { price: req.price, limitDown: tick.limitDown })
    }
    if (s.maxOrderVolume > 0 && req.volume > s.maxOrderVolume)
      return hostMessage('risk.volumeCap', { volume: req.volume, cap: s.maxOrderVolume })

    const price = req.type === 'MARKET' ? marketPrice(req.direction, tick) : req.price
    const value = price * req.volume * (contract?.size ?? 1)
    if (s.maxOrderValue > 0 && value > s.maxOrderValue)
      return hostMessage('risk.valueCap', { value, cap: s.maxOrderValue })

    const active = this.oms.activeOrders.size + this.inFlight.size
    if (s.maxActiveOrders > 0 && active >= s.maxActiveOrders)
      return hostMessage('risk.activeOrdersCap', { active, cap: s.maxActiveOrders })

    this.recent = this.recent.filter((time) => time > now - 1000)
    if (s.maxOrdersPerSecond > 0 && this.recent.length >= s.maxOrdersPerSecond)
      return hostMessage('risk.orderRateCap', { count: this.recent.length, cap: s.maxOrdersPerSecond })

    if (contract !== undefined && opens(req, contract)) {
      if (s.checkFunds) {
        const reason = this.checkFunds(value * (contract.marginRate + contract.commissionRate), contract, gatewayName)
        if (reason !== undefined) return reason
      }
    } else if (s.checkPosition) {
      const held: Direction = req.direction === 'LONG' ? 'SHORT' : 'LONG'
      const closable =
        this.oms.positionVolume(`${gatewayName}.${vtSymbol}.${held}`) - this.closing(vtSymbol, req.direction)
      if (req.volume > closable + EPSILON)
        return hostMessage('risk.insufficientPosition', { closable: Math.max(0, closable), volume: req.volume })
    }
    return undefined
  }

  /** Records an order the gateway accepted for sending: it counts as active and spends funds from now on. */
  accepted(vtOrderId: string, req: OrderRequest, gatewayName: string, now: number): void {
    this.recent.push(now)
    this.inFlight.set(vtOrderId, { req, gatewayName })
    const contract = this.oms.contracts.get(toVtSymbol(req.symbol, req.exchange))
    if (contract === undefined || !opens(req, contract)) return
    const vtAccountId = this.oms.accountOf(contract.vtSymbol, gatewayName)
    if (vtAccountId === undefined) return
    const tick = this.oms.ticks.get(contract.vtSymbol)
    const price = req.type === 'MARKET' ? marketPrice(req.direction, tick) : req.price
    const perVolume = price * contract.size * (contract.marginRate + contract.commissionRate)
    this.reservations.set(vtOrderId, { vtAccountId, perVolume, volume: req.volume, acknowledged: false })
  }

  /** Sent orders the caches do not know yet, by vtOrderId. */
  pending(): ReadonlyMap<string, InFlight> {
    return this.inFlight
  }

  /** Unregisters the handlers that follow orders and accounts. */
  dispose(): void {
    this.handlers.dispose()
  }

  private checkFunds(required: number, contract: Contract, gatewayName: string): HostMessage | undefined {
    const vtAccountId = this.oms.accountOf(contract.vtSymbol, gatewayName)
    const account = vtAccountId !== undefined ? this.oms.accounts.get(vtAccountId) : undefined
    // No account reported yet: nothing to check against; the gateway applies its own check.
    if (account === undefined) return undefined
    const available = account.available - this.reserved(account.vtAccountId)
    if (required > available + EPSILON) return hostMessage('risk.insufficientFunds', { required, available })
    return undefined
  }

  /** Funds held by opens the account's last snapshot does not show. */
  private reserved(vtAccountId: string): number {
    let amount = 0
    for (const reservation of this.reservations.values())
      if (reservation.vtAccountId === vtAccountId) amount += reservation.perVolume * reservation.volume
    return amount
  }

  /** Volume working orders on `direction` are already closing on one instrument. */
  private closing(vtSymbol: string, direction: Direction): number {
    let volume = 0
    for (const order of this.oms.activeOrders.values())
      if (order.vtSymbol === vtSymbol && order.direction === direction && order.offset !== 'OPEN')
        volume += order.volume - order.traded
    for (const { req } of this.inFlight.values())
      if (toVtSymbol(req.symbol, req.exchange) === vtSymbol && req.direction === direction && req.offset !== 'OPEN')
        volume += req.volume
    return volume
  }
}

/**
 * Whether a request opens. Offset NONE is how stocks and spot are traded: a
 * buy opens and, where nothing can be sold short, a sell closes.
 */
function opens(req: OrderRequest, contract: Contract): boolean {
  if (req.offset !== 'NONE') return req.offset === 'OPEN'
  return req.direction === 'LONG' || contract.product === 'FUTURES' || contract.product === 'OPTION'
}

/** What a market order would pay: the touch it takes, or the last price. */
function marketPrice(
  direction: Direction,
  tick: { askPrice1: number; bidPrice1: number; lastPrice: number } | undefined,
): number {
  if (tick === undefined) return 0
  const touch = direction === 'LONG' ? tick.askPrice1 : tick.bidPrice1
  return touch > 0 ? touch : tick.lastPrice
}

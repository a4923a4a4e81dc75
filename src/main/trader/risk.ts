import type { Contract, Direction, OrderRequest } from '../../shared/objects'
import { toVtSymbol } from '../../shared/objects'
import type { Oms } from './oms'

/** Pre-trade checks; each can be switched off (caps: 0 means no cap). */
export interface RiskSettings {
  /** Master switch: off lets every request through to the gateway, which still applies its own rules. */
  active: boolean
  checkContract: boolean
  /** Price on the price tick and inside limit up/down (market orders have no price to check). */
  checkPrice: boolean
  /** Volume positive and a multiple of the contract's minVolume. */
  checkVolume: boolean
  maxOrderVolume: number
  /** Price × volume × contract size, in the contract's currency. */
  maxOrderValue: number
  maxActiveOrders: number
  maxOrdersPerSecond: number
  /** Opens must fit in the account's available funds (margin plus commission). */
  checkFunds: boolean
  /** Closes must fit in the position not already held by working closes. */
  checkPosition: boolean
}

export const DEFAULT_RISK_SETTINGS: Readonly<RiskSettings> = {
  active: true,
  checkContract: true,
  checkPrice: true,
  checkVolume: true,
  maxOrderVolume: 0,
  maxOrderValue: 50_000_000,
  maxActiveOrders: 50,
  maxOrdersPerSecond: 50,
  checkFunds: true,
  checkPosition: true,
}

/** An accepted order the caches have not heard of yet: gateways answer through the engine, later. */
interface InFlight {
  req: OrderRequest
  gatewayName: string
}

/** Funds promised to opens since an account's last snapshot. */
interface Reservation {
  version: number
  amount: number
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
  private readonly reservations = new Map<string, Reservation>()
  /** Monotonic times of accepted orders in the last second. */
  private recent: number[] = []

  constructor(
    private readonly oms: Oms,
    settings: Partial<RiskSettings> = {},
  ) {
    this.settings = { ...DEFAULT_RISK_SETTINGS, ...settings }
  }

  getSettings(): RiskSettings {
    return { ...this.settings }
  }

  updateSettings(patch: Partial<RiskSettings>): RiskSettings {
    this.settings = { ...this.settings, ...patch }
    return this.getSettings()
  }

  /** Why the request must be rejected, or undefined if it may go to the gateway. `now` is monotonic ms. */
  check(req: OrderRequest, gatewayName: string, now: number): string | undefined {
    const s = this.settings
    if (!s.active) return undefined
    this.forgetSeen()
    const vtSymbol = toVtSymbol(req.symbol, req.exchange)
    const contract = this.oms.contracts.get(vtSymbol)
    if (s.checkContract && contract === undefined) return `unknown contract ${vtSymbol}`

    if (s.checkVolume) {
      if (!(req.volume > 0)) return `volume must be positive, got ${req.volume}`
      if (contract !== undefined && !isMultiple(req.volume, contract.minVolume))
        return `volume ${req.volume} is not a multiple of the minimum volume ${contract.minVolume}`
    }
    const tick = this.oms.ticks.get(vtSymbol)
    if (s.checkPrice && req.type !== 'MARKET') {
      if (!(req.price > 0)) return `price must be positive, got ${req.price}`
      if (contract !== undefined && !isMultiple(req.price, contract.pricetick))
        return `price ${req.price} is not on the price tick ${contract.pricetick}`
      if (tick !== undefined && tick.limitUp > 0 && req.price > tick.limitUp + EPSILON)
        return `price ${req.price} is above limit up ${tick.limitUp}`
      if (tick !== undefined && tick.limitDown > 0 && req.price < tick.limitDown - EPSILON)
        return `price ${req.price} is below limit down ${tick.limitDown}`
    }
    if (s.maxOrderVolume > 0 && req.volume > s.maxOrderVolume)
      return `volume ${req.volume} exceeds the order volume cap ${s.maxOrderVolume}`

    const price = req.type === 'MARKET' ? marketPrice(req.direction, tick) : req.price
    const value = price * req.volume * (contract?.size ?? 1)
    if (s.maxOrderValue > 0 && value > s.maxOrderValue)
      return `order value ${round2(value)} exceeds the order value cap ${s.maxOrderValue}`

    const active = this.oms.activeOrders.size + this.inFlight.size
    if (s.maxActiveOrders > 0 && active >= s.maxActiveOrders)
      return `${active} orders are active, the cap is ${s.maxActiveOrders}`

    this.recent = this.recent.filter((time) => time > now - 1000)
    if (s.maxOrdersPerSecond > 0 && this.recent.length >= s.maxOrdersPerSecond)
      return `order rate cap reached: ${this.recent.length} orders in the last second, the cap is ${s.maxOrdersPerSecond}`

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
        return `insufficient position: ${round8(Math.max(0, closable))} closable, ${req.volume} asked`
    }
    return undefined
  }

  /** Records an order the gateway accepted for sending: it counts as active and spends funds from now on. */
  accepted(vtOrderId: string, req: OrderRequest, gatewayName: string, now: number): void {
    this.recent.push(now)
    this.inFlight.set(vtOrderId, { req, gatewayName })
    const contract = this.oms.contracts.get(toVtSymbol(req.symbol, req.exchange))
    if (contract === undefined || !opens(req, contract)) return
    const vtAccountId = this.accountOf(contract, gatewayName)
    if (vtAccountId === undefined) return
    const tick = this.oms.ticks.get(contract.vtSymbol)
    const price = req.type === 'MARKET' ? marketPrice(req.direction, tick) : req.price
    const amount = price * req.volume * contract.size * (contract.marginRate + contract.commissionRate)
    this.reservations.set(vtAccountId, {
      version: this.oms.accountVersion(vtAccountId),
      amount: this.reserved(vtAccountId) + amount,
    })
  }

  /** Sent orders the caches do not know yet, by vtOrderId. */
  pending(): ReadonlyMap<string, InFlight> {
    this.forgetSeen()
    return this.inFlight
  }

  private checkFunds(required: number, contract: Contract, gatewayName: string): string | undefined {
    const vtAccountId = this.accountOf(contract, gatewayName)
    const account = vtAccountId !== undefined ? this.oms.accounts.get(vtAccountId) : undefined
    // No account reported yet: nothing to check against; the gateway applies its own check.
    if (account === undefined) return undefined
    const available = account.available - this.reserved(account.vtAccountId)
    if (required > available + EPSILON)
      return `insufficient funds: needs ${round2(required)}, available ${round2(available)}`
    return undefined
  }

  /** The account that funds a contract: the one it names, or the gateway's only account. */
  private accountOf(contract: Contract, gatewayName: string): string | undefined {
    if (contract.accountId !== undefined) return `${gatewayName}.${contract.accountId}`
    const accounts = [...this.oms.accounts.values()].filter((account) => account.gatewayName === gatewayName)
    return accounts.length === 1 ? accounts[0].vtAccountId : undefined
  }

  /** Funds reserved since the account's last snapshot (an older reservation is already in the snapshot). */
  private reserved(vtAccountId: string): number {
    const reservation = this.reservations.get(vtAccountId)
    return reservation !== undefined && reservation.version === this.oms.accountVersion(vtAccountId)
      ? reservation.amount
      : 0
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

  private forgetSeen(): void {
    for (const vtOrderId of this.inFlight.keys()) if (this.oms.hasOrder(vtOrderId)) this.inFlight.delete(vtOrderId)
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

function isMultiple(value: number, step: number): boolean {
  const ratio = value / step
  return Math.abs(ratio - Math.round(ratio)) < 1e-6
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

function round8(value: number): number {
  return Math.round(value * 1e8) / 1e8
}

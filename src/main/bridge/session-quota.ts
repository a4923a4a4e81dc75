import { refuse, type CommandError } from '../../shared/contract'
import { hostMessage } from '../../shared/messages'
import type { SettingSection } from '../../shared/settings'

/** The limits every session gets (settings `session.*`); 0 means none. */
export type SessionLimits = SettingSection<'session'>

/**
 * What one session (a window, a WebSocket client; later a strategy or a
 * remote desk) may still send: commands and orders per second, and orders
 * working at once. Limits are read at every check, so a change applies to
 * live sessions at once. A flood is refused for its own session only, with
 * RESOURCE_EXHAUSTED; the desk-wide risk caps stay behind it as the last line.
 *
 * Rates are token buckets one second deep: a session may send a second's
 * worth at once, then as fast as the rate refills.
 */
export class SessionQuota {
  private readonly commands: TokenBucket
  private readonly orders: TokenBucket
  /** Orders this session sent that may still be working. */
  private readonly sent = new Set<string>()
  /** Whether the last command was refused: one log line per flood, not one per command. */
  private flooding = false

  constructor(
    private readonly limits: () => SessionLimits,
    now: () => number,
  ) {
    this.commands = new TokenBucket(now)
    this.orders = new TokenBucket(now)
  }

  /**
   * Takes one command from the budget, or says why not. `onFloodStart` runs
   * when a session that was within its limit goes over it.
   */
  admitCommand(onFloodStart: (perSecond: number) => void): Refusal | undefined {
    const perSecond = this.limits().commandsPerSecond
    // A flood ends when a whole second's budget has gone unused, not at the first command the refill lets through.
    if (this.flooding && this.commands.level(perSecond) >= perSecond) this.flooding = false
    if (this.commands.take(perSecond)) return undefined
    if (!this.flooding) onFloodStart(perSecond)
    this.flooding = true
    return refuse('RESOURCE_EXHAUSTED', hostMessage('session.tooManyCommands', { perSecond }))
  }

  /** Takes one order from the budget, or says why not. `isWorking` tells whether an order sent earlier still works. */
  admitOrder(isWorking: (vtOrderId: string) => boolean): Refusal | undefined {
    const { ordersPerSecond, maxWorkingOrders } = this.limits()
    if (maxWorkingOrders > 0) {
      for (const vtOrderId of this.sent) if (!isWorking(vtOrderId)) this.sent.delete(vtOrderId)
      if (this.sent.size >= maxWorkingOrders)
        return refuse('RESOURCE_EXHAUSTED', hostMessage('session.workingOrdersCap', { cap: maxWorkingOrders }))
    }
    if (!this.orders.take(ordersPerSecond))
      return refuse('RESOURCE_EXHAUSTED', hostMessage('session.tooManyOrders', { perSecond: ordersPerSecond }))
    return undefined
  }

  /** Counts an order this session sent among its working orders. */
  orderSent(vtOrderId: string): void {
    if (this.limits().maxWorkingOrders > 0) this.sent.add(vtOrderId)
  }
}

type Refusal = { ok: false; error: CommandError }

/** Up to `perSecond` tokens, refilled continuously at `perSecond` a second; a rate of 0 is no limit. */
class TokenBucket {
  private tokens = Infinity
  private last: number

  constructor(private readonly now: () => number) {
    this.last = now()
  }

  take(perSecond: number): boolean {
    if (perSecond <= 0) return true
    if (this.level(perSecond) < 1) return false
    this.tokens -= 1
    return true
  }

  /** Tokens available now. */
  level(perSecond: number): number {
    const now = this.now()
    this.tokens = Math.min(perSecond, this.tokens + ((now - this.last) * perSecond) / 1000)
    this.last = now
    return this.tokens
  }
}

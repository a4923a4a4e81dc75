/**
 * How a remote desk's objects appear in a monitor desk: under the gateway name
 * the monitor gave the remote desk (`--remote NAME`), with ids prefixed by it
 * the way every vt id is (`NAME.orderId`), so routing (a cancel goes to the
 * gateway named on the order) and uniqueness hold whatever other gateways the
 * monitor has. An order this monitor sent keeps the id it was given when sent:
 * the remote desk's order carries it in its reference.
 */
import type { Account, Contract, Order, Position, Tick, Trade } from '../../shared/objects'
import { remoteReference } from './command-server'

export class RemoteObjects {
  /** Our order id → the remote desk's vtOrderId, for the orders we sent. */
  private readonly remoteIds = new Map<string, string>()
  private readonly ownPrefix: string

  constructor(
    readonly gatewayName: string,
    /** This desk's own name: the one the remote desk sees on our orders. */
    selfDesk: string,
  ) {
    this.ownPrefix = `${remoteReference(selfDesk)}:`
  }

  /** Our id of an order the remote desk knows as `remote`. */
  localOrderId(remote: Pick<Order, 'vtOrderId' | 'reference'>): string {
    if (remote.reference.startsWith(this.ownPrefix)) {
      const own = remote.reference.slice(this.ownPrefix.length)
      if (!this.remoteIds.has(own)) this.remoteIds.set(own, remote.vtOrderId)
      return own
    }
    return remote.vtOrderId
  }

  /** The remote desk's vtOrderId of our order id, if known. */
  remoteOrderId(orderId: string): string | undefined {
    return this.remoteIds.get(orderId) ?? (this.isOwn(orderId) ? undefined : orderId)
  }

  /** Learned from the reply to our `order:send`. */
  learn(orderId: string, remoteVtOrderId: string): void {
    this.remoteIds.set(orderId, remoteVtOrderId)
  }

  /** Ids we hand out for our own orders hold no `.`; a remote vtOrderId always does (`gateway.orderId`). */
  isOwn(orderId: string): boolean {
    return !orderId.includes('.')
  }

  /** Is `remote` one of the orders we sent? */
  isOwnReference(reference: string): boolean {
    return reference.startsWith(this.ownPrefix)
  }

  order(remote: Order): Order {
    const orderId = this.localOrderId(remote)
    return { ...remote, gatewayName: this.gatewayName, orderId, vtOrderId: `${this.gatewayName}.${orderId}` }
  }

  trade(remote: Trade): Trade {
    const orderId = this.localOrderId(remote)
    return {
      ...remote,
      gatewayName: this.gatewayName,
      orderId,
      vtOrderId: `${this.gatewayName}.${orderId}`,
      tradeId: remote.vtTradeId,
      vtTradeId: `${this.gatewayName}.${remote.vtTradeId}`,
    }
  }

  position(remote: Position): Position {
    return {
      ...remote,
      gatewayName: this.gatewayName,
      vtPositionId: `${this.gatewayName}.${remote.vtSymbol}.${remote.direction}`,
    }
  }

  account(remote: Account): Account {
    return {
      ...remote,
      gatewayName: this.gatewayName,
      accountId: remote.vtAccountId,
      vtAccountId: `${this.gatewayName}.${remote.vtAccountId}`,
    }
  }

  contract(remote: Contract): Contract {
    const contract = { ...remote, gatewayName: this.gatewayName }
    // The funding account, named as `account()` names the remote desk's accounts here.
    if (remote.accountId !== undefined) contract.accountId = `${remote.gatewayName}.${remote.accountId}`
    return contract
  }

  tick(remote: Tick): Tick {
    return { ...remote, gatewayName: this.gatewayName }
  }
}

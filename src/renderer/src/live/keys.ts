import type { PushMap } from '../../../shared/contract'

/** Kinds the window keeps one latest object per natural key of. */
export type KeyedKind = 'tick' | 'order' | 'trade' | 'position' | 'account' | 'contract' | 'gateway' | 'strategy'

/** Each kind's natural key: the id the row is updated in place by. */
export const KEY_OF: { [K in KeyedKind]: (item: PushMap[K]) => string } = {
  tick: (tick) => tick.vtSymbol,
  order: (order) => order.vtOrderId,
  trade: (trade) => trade.vtTradeId,
  position: (position) => position.vtPositionId,
  account: (account) => account.vtAccountId,
  contract: (contract) => contract.vtSymbol,
  gateway: (gateway) => gateway.gatewayName,
  strategy: (strategy) => strategy.strategyName,
}

/**
 * Apply order within a batch: orders, trades and logs first (the contract
 * says so: a fill must be known before the tick that shows it), then contracts
 * (precision before prices), then the latest-value kinds.
 */
export const APPLY_ORDER: readonly KeyedKind[] = [
  'order',
  'trade',
  'contract',
  'gateway',
  'account',
  'position',
  'strategy',
  'tick',
]

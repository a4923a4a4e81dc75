import type { PushMap } from '../../shared/contract'

/** Kinds where a newer value replaces an older one with the same key. */
export type CoalescedKind = 'tick' | 'position' | 'account' | 'gateway' | 'strategy' | 'metrics' | 'unpolled'

/** Kinds that are never coalesced or dropped: each one is a fact the window must see. */
export type OrderedKind = 'order' | 'trade' | 'log' | 'contract'

/** The key under which a newer value replaces an older one. */
export const pushKey: { [K in CoalescedKind]: (value: PushMap[K]) => string } = {
  tick: (tick) => tick.vtSymbol,
  position: (position) => position.vtPositionId,
  account: (account) => account.vtAccountId,
  gateway: (status) => status.gatewayName,
  strategy: (state) => state.strategyName,
  metrics: () => 'engine',
  unpolled: () => 'desk',
}

/** Order, trade and log first: they are what a trader waits for. */
export const ORDERED_KINDS: readonly OrderedKind[] = ['order', 'trade', 'log', 'contract']
export const COALESCED_KIND_ORDER: readonly CoalescedKind[] = [
  'position',
  'account',
  'unpolled',
  'gateway',
  'strategy',
  'tick',
  'metrics',
]

/**
 * A rough size in bytes of a queued value, for the memory bound of a stalled
 * window. Objects count a fixed cost per field; text counts its length twice
 * (UTF-16), since a log message or stack trace can be long.
 */
export function estimateBytes(kind: OrderedKind, value: PushMap[OrderedKind]): number {
  if (kind === 'log') {
    const log = value as PushMap['log']
    return 160 + 2 * (log.message.length + log.source.length + (log.stack?.length ?? 0))
  }
  return 480
}

import type { Snapshot } from '../../shared/contract'
import type { SessionInfo } from '../../shared/protocol'
import type { PushKind } from '../../shared/push'
import type { StrategyService } from './strategy-service'
import type { TradingCore } from './trading-core'

/** Which kinds and instruments a window asked for; absent means all. */
export interface SnapshotFilter {
  kinds?: ReadonlySet<PushKind>
  vtSymbols?: ReadonlySet<string>
}

/**
 * Everything a window needs to draw itself from nothing, read from the
 * trading core's latest-state caches in one synchronous step (so it is
 * consistent: no event is dispatched in between), stamped with the host's
 * protocol version and run.
 */
export function takeSnapshot(
  core: TradingCore,
  strategies: StrategyService | undefined,
  host: SessionInfo,
  filter: SnapshotFilter = {},
): Snapshot {
  const { kinds, vtSymbols } = filter
  const wants = (kind: PushKind): boolean => kinds === undefined || kinds.has(kind)
  const bySymbol = <T extends { vtSymbol: string }>(kind: PushKind, read: () => T[]): T[] => {
    if (!wants(kind)) return []
    const all = read()
    return vtSymbols === undefined ? all : all.filter((value) => vtSymbols.has(value.vtSymbol))
  }
  return {
    protocolVersion: host.protocolVersion,
    hostSessionId: host.hostSessionId,
    ticks: bySymbol('tick', () => core.getAllTicks()),
    orders: bySymbol('order', () => core.getAllOrders()),
    trades: bySymbol('trade', () => core.getAllTrades()),
    positions: bySymbol('position', () => core.getAllPositions()),
    accounts: wants('account') ? core.getAllAccounts() : [],
    contracts: bySymbol('contract', () => core.getAllContracts()),
    logs: wants('log') ? core.getAllLogs() : [],
    logsDropped: wants('log') ? core.getLogsDropped() : 0,
    gateways: wants('gateway') ? core.getAllGatewayStatuses() : [],
    strategies: wants('strategy') && strategies !== undefined ? strategies.getAllStates() : [],
    unpolled: wants('unpolled') ? core.getUnpolledFills() : { positions: {}, accounts: [] },
  }
}

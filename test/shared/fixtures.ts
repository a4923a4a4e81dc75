/** Wire objects for tests and benchmarks on either side; plain data, so a Node benchmark can load it. */
import type { Snapshot } from '../../src/shared/contract'
import { PROTOCOL_VERSION } from '../../src/shared/protocol'

/** The run of the desk that fixture snapshots come from. */
export const HOST_SESSION_ID = 'desk-run-1'

/** A snapshot of an empty desk in this protocol version, with `overrides`. */
export function emptySnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    protocolVersion: PROTOCOL_VERSION,
    hostSessionId: HOST_SESSION_ID,
    ticks: [],
    orders: [],
    trades: [],
    positions: [],
    accounts: [],
    contracts: [],
    logs: [],
    logsDropped: 0,
    gateways: [],
    strategies: [],
    unpolled: { positions: {}, accounts: [] },
    ...overrides,
  }
}

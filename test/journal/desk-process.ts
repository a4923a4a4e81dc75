/**
 * A desk in a process of its own, for the kill -9 test:
 *
 *   node --import tsx test/journal/desk-process.ts DATA_DIR STRATEGY_DIR
 *
 * Serves the bridge over WebSocket on a free port with the token below and
 * prints `READY <port>` once it listens. It is meant to be killed.
 */
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'
import { DESK_TOKEN } from './helpers'

const [dataDir, strategyDir] = process.argv.slice(2)
const desk = createTradingDesk({
  dataDir,
  strategyEngine: { strategyDirs: [strategyDir] },
  connectSim: { tickRate: 20, pollEvery: 1 },
})
const host = new WebSocketHost({ bridge: desk.bridge, token: DESK_TOKEN })
void host.listen().then(() => console.log(`READY ${host.address.port}`))

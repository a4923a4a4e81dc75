/**
 * A monitor desk in a process of its own, for the kill -9 test: it mirrors desk
 * `alpha` from the NATS server given, keeps its journal in the data folder
 * given, and reports over IPC every 50 ms which trades it holds and how many
 * trade events its engine dispatched in this run.
 *
 *   tsx monitor-process.ts NATS_URL DATA_DIR
 */
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { EVENT_TRADE } from '../../src/shared/events'

const [url, dataDir] = process.argv.slice(2)
const desk = createTradingDesk({ noSim: true, dataDir, nats: { url, desk: 'beta' }, remotes: [{ desk: 'alpha' }] })
let dispatched = 0
desk.engine.register(EVENT_TRADE, () => void dispatched++)
setInterval(() => {
  const connected = desk.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state === 'connected')
  process.send!({ connected, trades: desk.core.getAllTrades().map((t) => t.vtTradeId), dispatched })
}, 50)

/**
 * The headless entry: the engine, trading core, simulated gateway and bridge
 * with no Electron, serving the built renderer and the API over WebSocket.
 *
 *   node out/main/server.js [--host 127.0.0.1] [--port 8787] [--token …] [--static out/renderer]
 *                           [--data DIR | --ephemeral] [--strategies DIR] [--keep-orders]
 *
 * --data is the desk's data folder (default ~/.eventdesk): its journal
 * (orders, trades, logs, strategy instances and variables) and daily log
 * files in DIR/logs; --ephemeral keeps nothing; --strategies is a folder of
 * user strategy files (default: DIR/strategies);
 * --keep-orders leaves working orders at the exchange on shutdown instead of
 * cancelling them.
 */
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createTradingDesk, headlessDataDir } from './hosts/trading-desk'
import { WebSocketHost } from './hosts/websocket-host'

function main(): void {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8787' },
      token: { type: 'string' },
      static: { type: 'string' },
      data: { type: 'string' },
      ephemeral: { type: 'boolean', default: false },
      strategies: { type: 'string' },
      'keep-orders': { type: 'boolean', default: false },
    },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`--port must be 0-65535, got ${values.port}`)
  const token = values.token ?? randomBytes(24).toString('base64url')
  // Built as out/main/server.js, beside out/renderer.
  const staticDir = resolve(values.static ?? join(__dirname, '../renderer'))

  const dataDir = headlessDataDir(values)
  const strategyDirs = [values.strategies ?? (dataDir && join(dataDir, 'strategies'))].filter(
    (dir): dir is string => dir !== undefined,
  )
  const desk = createTradingDesk({
    dataDir,
    strategyEngine: { strategyDirs: strategyDirs.map((d) => resolve(d)) },
    cancelOrdersOnClose: !values['keep-orders'],
    logDir: dataDir && join(dataDir, 'logs'),
  })
  const host = new WebSocketHost({ bridge: desk.bridge, token, host: values.host, port, staticDir })

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    console.log('EventDesk: shutting down')
    await host.close()
    await desk.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())

  host.listen().then(
    (url) => {
      console.log(`EventDesk is serving ${staticDir}`)
      console.log(`Open ${url}`)
    },
    (err: unknown) => {
      console.error(`EventDesk could not listen on ${values.host}:${port}: ${String(err)}`)
      void desk.close().then(() => process.exit(1))
    },
  )
}

try {
  main()
} catch (err) {
  // A data folder in use, contradictory flags: a sentence for the user, not a stack trace.
  console.error(`EventDesk: ${(err as Error).message}`)
  process.exit(1)
}

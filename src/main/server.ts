/**
 * The headless entry: the engine, trading core, simulated gateway and bridge
 * with no Electron, serving the built renderer and the API over WebSocket.
 *
 *   node out/main/server.js [options]      (`--help` lists them all, settings included)
 *
 * A mistake on the command line prints one line naming the flag and exits
 * with status 2; a desk that cannot start prints one line and exits with 1.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createTradingDesk, type TradingDesk } from './hosts/trading-desk'
import { processRunner } from './strategy'
import { WebSocketHost } from './hosts/websocket-host'
import { DeskSettings, helpText, parseCommandLine, type ServerOptions } from './settings'

function main(): void {
  const command = parseCommandLine(process.argv.slice(2))
  if (command.kind === 'help') {
    process.stdout.write(helpText())
    return
  }
  if (command.kind === 'mistake') {
    console.error(`EventDesk: ${command.message} (see --help)`)
    process.exitCode = 2
    return
  }
  const options = command.options
  let desk: TradingDesk
  let host: WebSocketHost
  // Built as out/main/server.js, beside out/renderer.
  const staticDir = options.staticDir ?? join(__dirname, '../renderer')
  try {
    desk = openDesk(options)
    host = new WebSocketHost({
      bridge: desk.bridge,
      token: options.token ?? randomBytes(24).toString('base64url'),
      host: options.host,
      port: options.port,
      staticDir,
    })
  } catch (err) {
    console.error(`EventDesk could not start: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
    return
  }

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
      console.error(`EventDesk could not listen on ${options.host}:${options.port}: ${String(err)}`)
      void desk.close().then(() => process.exit(1))
    },
  )
}

/** The desk with its journal, settings (flags over DIR/settings.json over defaults), strategies and logs. */
function openDesk(options: ServerOptions): TradingDesk {
  const { dataDir } = options
  const settings = new DeskSettings({ dataDir, flags: options.settings })
  for (const problem of settings.problems) console.error(`EventDesk: ${problem}`)
  const strategyDir = options.strategiesDir ?? (dataDir && join(dataDir, 'strategies'))
  const strategyDirs = strategyDir === undefined ? [] : [strategyDir]
  // Beside this file (out/main) is the built worker the sandboxed processes run.
  const runner = options.strategySandbox ? processRunner({ readable: strategyDirs }) : undefined
  return createTradingDesk({
    dataDir,
    settings,
    strategyEngine: { strategyDirs, runner },
    logDir: dataDir && join(dataDir, 'logs'),
    noSim: options.noSim,
    // Published as the settings say: `--nats URL --desk NAME` are settings flags, over settings.json's `nats` section.
    remotes: options.remotes.map((desk) => ({ desk })),
  })
}

main()

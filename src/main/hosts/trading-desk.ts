import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { keepValid } from '../../shared/gateway-settings'
import { hostMessage } from '../../shared/messages'
import { settingSection } from '../../shared/settings'
import { Bridge, SessionQuota, takeSnapshot, type SessionOptions, type StrategyService } from '../bridge'
import { EventEngine, nodeScheduler, type Scheduler } from '../engine'
import { Journal, JOURNAL_FILE, JOURNAL_SOURCE, lockDataFolder, type JournalOptions } from '../journal'
import { SimGateway, type SimGatewayOptions } from '../gateway/sim'
import type { GatewaySetting } from '../gateway'
import {
  JournalMirrorCursors,
  NatsDesk,
  RemoteDesks,
  type MirrorCursorStore,
  type NatsDeskOptions,
  type RemoteDeskOptions,
} from '../nats'
import { DeskSettings, describeChange } from '../settings'
import { StrategyEngine, type StrategyEngineOptions } from '../strategy'
import { DEFAULT_CAPACITY, LogFile, MainEngine, type MainEngineOptions } from '../trader'
import { describeDesk } from './about'
import { NatsPublishing, publishingOptions } from './nats-publishing'

/** The source of the settings' log lines. */
const SETTINGS_SOURCE = 'settings'

export interface TradingDeskOptions {
  scheduler?: Scheduler
  /** Timer period of the engine in seconds (engine metrics are pushed on it). Default 1. */
  interval?: number
  /** The trading core's own options; its risk limits come from `settings`. */
  trader?: Omit<MainEngineOptions, 'engine' | 'scheduler' | 'risk' | 'history'>
  /** The simulated exchange's options; it keeps its books in the journal's file. */
  sim?: Omit<SimGatewayOptions, 'scheduler' | 'databasePath'>
  /** Connect the simulated gateway at start, so a new user sees a live market. Default true. */
  connectSim?: boolean | GatewaySetting
  /** A strategy service to use instead of the built-in strategy engine (tests of the bridge). */
  strategies?: StrategyService
  /** Settings of the built-in strategy engine: where user strategies live (it persists in the journal). */
  strategyEngine?: Omit<StrategyEngineOptions, 'store'>
  session?: SessionOptions
  /** Where daily log files go; none: logs are kept in memory only. */
  logDir?: string
  /**
   * The desk's data folder, where its journal (`journal.sqlite`) lives,
   * locked while the desk runs (a second desk on it is refused); none: an
   * ephemeral desk that keeps nothing (its journal is in memory).
   */
  dataDir?: string
  /** How the journal writes (see JournalOptions). */
  journal?: Pick<JournalOptions, 'synchronous' | 'readOnly'>
  /** Risk limits, per-session limits, cancel-on-quit; default: the defaults, in memory. */
  settings?: DeskSettings
  /** Leave the simulated exchange out: a desk that only mirrors remote desks. Default false. */
  noSim?: boolean
  /**
   * Publish this desk on NATS (events, stream, commands) with these options,
   * whatever its settings say (embedders, tests); without them the desk
   * publishes as its `nats.*` settings say, and follows their changes.
   */
  nats?: NatsDeskOptions
  /** Remote desks to mirror, each as a gateway named after it, on `nats`'s server unless given another URL. */
  remotes?: (Omit<RemoteDeskOptions, 'url'> & { url?: string })[]
  /** Where mirrored desks' stream positions are kept between runs. */
  mirrorCursors?: MirrorCursorStore
}

/** Puts the current trading day back on the desk, from the journal, before any gateway connects. */
function restoreDay(core: MainEngine, journal: Journal): void {
  const day = journal.restored
  core.restore(day)
  if (day.orders.length + day.trades.length + day.logs.length === 0) return
  core.writeLog(
    `Restored ${day.orders.length} orders, ${day.trades.length} trades and ${day.logs.length} logs ` +
      `of the current trading day from ${journal.path}`,
    JOURNAL_SOURCE,
  )
}

/** The demo instance a new user finds on first launch, ready to Init and Start. */
export const DEMO_STRATEGY = { className: 'GridStrategy', strategyName: 'grid_demo', vtSymbol: 'IF2612.CFFEX' }

/** What both hosts run: the engine, the trading core with the simulated gateway, and the bridge. */
export interface TradingDesk {
  readonly engine: EventEngine
  readonly core: MainEngine
  /** The simulated exchange; absent with `noSim`. */
  readonly sim: SimGateway | undefined
  /** New at every start of the desk: tells "reconnected to the same desk" from "the desk restarted". */
  readonly hostSessionId: string
  /** This desk on NATS, when published (it changes when the settings do). */
  readonly nats: NatsDesk | undefined
  readonly bridge: Bridge
  readonly journal: Journal
  readonly settings: DeskSettings
  /** The built-in strategy engine; absent when another `strategies` service was given. */
  readonly strategies?: StrategyEngine
  /**
   * Ends every session, then closes the core: cancels working orders, closes
   * the gateways and stops the engine once everything they reported (logs
   * included) is dispatched. Safe to call again.
   */
  close(): Promise<void>
}

/** Builds a desk; throws DataFolderInUseError when another desk uses the data folder. */
export function createTradingDesk(options: TradingDeskOptions = {}): TradingDesk {
  const unlock = options.dataDir === undefined ? undefined : lockDataFolder(options.dataDir)
  try {
    return buildDesk(options, unlock)
  } catch (err) {
    unlock?.()
    throw err
  }
}

function buildDesk(options: TradingDeskOptions, unlock: (() => void) | undefined): TradingDesk {
  const settings = options.settings ?? new DeskSettings()
  const engine = new EventEngine({ scheduler: options.scheduler, interval: options.interval })
  const journal = new Journal({
    ...options.journal,
    path: options.dataDir === undefined ? undefined : join(options.dataDir, JOURNAL_FILE),
    engine,
    scheduler: options.scheduler,
    // A restart reads back as much of the day as the caches hold.
    restoreLimits: {
      orders: options.trader?.orderCapacity ?? DEFAULT_CAPACITY,
      trades: options.trader?.tradeCapacity ?? DEFAULT_CAPACITY,
      logs: options.trader?.logCapacity ?? DEFAULT_CAPACITY,
    },
  })
  const core = new MainEngine({
    ...options.trader,
    engine,
    scheduler: options.scheduler,
    risk: settingSection(settings.current(), 'risk'),
    history: journal,
  })
  restoreDay(core, journal)
  // A change applies at once: the risk check here, the sessions' limits where they are read.
  const stopApplying = settings.onChange((event) => {
    core.writeLog(describeChange(event), SETTINGS_SOURCE)
    const risk = settingSection(event.changes, 'risk')
    if (Object.keys(risk).length > 0) core.updateRiskSettings(risk)
    if (options.nats === undefined && Object.keys(settingSection(event.changes, 'nats')).length > 0)
      void publishing.apply(publishingOptions(settings.current()))
  })
  // Fixed by the embedder, else from the settings; a monitor that publishes nothing is "monitor" to the desks it mirrors.
  const natsOptions = options.nats ?? publishingOptions(settings.current())
  const hostSessionId = randomUUID()
  // The exchange keeps its books in the journal's file, its own tables through its own connection.
  const sim = options.noSim
    ? undefined
    : new SimGateway(engine, { ...options.sim, scheduler: options.scheduler, databasePath: journal.exchangePath })
  if (sim !== undefined) core.addGateway(sim)
  const remotes = new RemoteDesks(
    engine,
    core,
    { desk: natsOptions?.desk ?? 'monitor', sessionId: hostSessionId.replace(/-/g, '').slice(0, 16) },
    options.mirrorCursors ?? new JournalMirrorCursors(engine, journal),
    (vtTradeId) => core.getTrade(vtTradeId) !== undefined || journal.hasCommittedTrade(vtTradeId),
    settings.remoteDesks,
  )
  const logFile = options.logDir === undefined ? undefined : new LogFile(engine, options.logDir)
  // The sim's remembered connection setting is read here, so a file of it that is not JSON is among the problems.
  const simSetting =
    sim === undefined ? {} : keepValid(sim.settingFields, settings.connectSetting(sim.gatewayName) ?? {})
  for (const problem of settings.problems) core.writeLog(problem, SETTINGS_SOURCE, 'WARNING')
  let strategies: StrategyEngine | undefined
  if (options.strategies === undefined) {
    strategies = new StrategyEngine(core, {
      demo: DEMO_STRATEGY,
      limits: () => settingSection(settings.current(), 'strategy'),
      // Each strategy is a session of its own: the same per-session limits as a window's.
      quota: () =>
        new SessionQuota(
          () => settings.sessionLimits(),
          () => (options.scheduler ?? nodeScheduler).now(),
        ),
      ...options.strategyEngine,
      store: journal.strategyStore,
    })
    if (options.dataDir !== undefined)
      for (const { message, level } of journal.importStrategyFiles(options.dataDir))
        core.writeLog(message, JOURNAL_SOURCE, level)
    strategies
      .load()
      .catch((err: unknown) => core.writeLog(`Strategies could not be loaded: ${String(err)}`, 'strategy', 'ERROR'))
  }
  const bridge = new Bridge({
    core,
    strategies: options.strategies ?? strategies,
    settings,
    about: describeDesk(options.dataDir),
    remotes,
    session: options.session,
    journal,
    hostSessionId,
  })
  const connectSim = options.connectSim ?? true
  // As the Connect dialog last connected it, unless told otherwise.
  if (connectSim !== false && sim !== undefined)
    core.connect(connectSim === true ? simSetting : connectSim, sim.gatewayName)
  // Those named at start, on the desk's own server with its login unless they say; then, as they were added,
  // those a window added in an earlier run.
  const named = new Set((options.remotes ?? []).map((remote) => remote.desk))
  for (const remote of options.remotes ?? []) {
    const url = remote.url ?? natsOptions?.url ?? settings.current()['nats.url']
    remotes.add({
      ...remote,
      url: url === '' ? 'nats://127.0.0.1:4222' : url,
      nkeySeedFile: remote.nkeySeedFile ?? natsOptions?.nkeySeedFile,
      caFile: remote.caFile ?? natsOptions?.caFile,
    })
  }
  for (const remote of settings.remoteDesks.list()) if (!named.has(remote.desk)) remotes.add(remote)
  const publishing = new NatsPublishing(
    (natsDesk, sessionId) =>
      new NatsDesk(
        engine,
        bridge,
        () => takeSnapshot(core, strategies, bridge.sessionInfo),
        sessionId ?? hostSessionId,
        { ...natsDesk, isMirrored: (gatewayName) => remotes.has(gatewayName) },
        (message, level) => core.writeLog(message, 'nats', level),
      ),
  )
  void publishing.apply(natsOptions)
  let closing: Promise<void> | undefined
  return {
    engine,
    core,
    sim,
    hostSessionId,
    get nats() {
      return publishing.desk
    },
    bridge,
    journal,
    settings,
    strategies,
    close() {
      closing ??= (async () => {
        await publishing.close()
        bridge.dispose()
        stopApplying()
        await strategies?.close()
        const cancelWorkingOrders = settings.current().cancelOrdersOnQuit
        core.writeLog(hostMessage(cancelWorkingOrders ? 'desk.closingCancelling' : 'desk.closing', {}))
        await core.close({ cancelWorkingOrders })
        // Only now, when nothing can send to it any more: the exchange's books go to its database to the end.
        sim?.dispose()
        // The engine has dispatched every log by now: the file gets them all, then is flushed.
        await logFile?.close()
        await journal.close()
        unlock?.()
      })()
      return closing
    },
  }
}

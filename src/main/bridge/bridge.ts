import type { DeskAbout, HostStats, Result, Snapshot } from '../../shared/contract'
import { PROTOCOL_VERSION, type SessionInfo } from '../../shared/protocol'
import type { DeskMetrics } from '../../shared/push'
import { DEFAULT_SETTINGS, settingSection } from '../../shared/settings'
import { nodeScheduler } from '../engine'
import { CommandRouter, type CommandContext } from './command-router'
import type { JournalService } from './journal-service'
import { ClientSession, type BatchSink, type SessionOptions } from './session'
import { SessionQuota } from './session-quota'
import type { RemoteDeskService } from './remote-desk-service'
import type { SettingsService } from './settings-service'
import { takeSnapshot, type SnapshotFilter } from './snapshot'
import type { StrategyService } from './strategy-service'
import type { TradingCore } from './trading-core'

export interface BridgeOptions {
  core: TradingCore
  /** The strategy engine; without it strategy commands answer FAILED_PRECONDITION. */
  strategies?: StrategyService
  /** The desk's settings; without them sessions get the default limits and settings commands answer FAILED_PRECONDITION. */
  settings?: SettingsService
  /** What `desk:about` answers; without it, FAILED_PRECONDITION. */
  about?: DeskAbout
  /** Mirrors other desks on request (`gateway:addRemote`); without it that command answers FAILED_PRECONDITION. */
  remotes?: RemoteDeskService
  session?: SessionOptions
  /** The journal: its health goes out with the engine's metrics; history queries are answered from it. */
  journal?: JournalService
  /** This run of the desk: made once per start by its composition, so a restart shows as a new id. */
  hostSessionId: string
}

const DEFAULT_LIMITS = settingSection(DEFAULT_SETTINGS, 'session')

/**
 * The host side of every window: opens a session per connected window or
 * client, routes their commands, and reports on itself. Hosts (Electron, the
 * WebSocket server) only move bytes and decide when a session ends.
 */
export class Bridge {
  /** The protocol version and this run's id: in every snapshot, and what `GET /api/session` answers. */
  readonly sessionInfo: SessionInfo
  private readonly sessions = new Set<ClientSession>()
  private readonly router: CommandRouter
  private readonly startedAt = performance.now()
  private opened = 0

  constructor(private readonly options: BridgeOptions) {
    this.sessionInfo = { protocolVersion: PROTOCOL_VERSION, hostSessionId: options.hostSessionId }
    this.router = new CommandRouter(
      options,
      () => this.stats(),
      () => this.snapshot(),
    )
  }

  /**
   * A session for a new window; it sends nothing until the window subscribes.
   * `label` names it in logs and settings changes (default `session N`).
   */
  open(sink: BatchSink, label?: string): ClientSession {
    const { core, settings } = this.options
    this.opened++
    const scheduler = this.options.session?.scheduler ?? nodeScheduler
    const limits = settings === undefined ? () => DEFAULT_LIMITS : () => settings.sessionLimits()
    const session = new ClientSession(
      core.engine,
      (filter) => this.snapshot(filter),
      sink,
      this.options.session,
      (closed) => this.sessions.delete(closed),
      { label: label ?? `session ${this.opened}`, quota: new SessionQuota(limits, () => scheduler.now()) },
      this.metrics,
    )
    this.sessions.add(session)
    return session
  }

  /** Answers one command from `session`; never throws, never rejects. */
  handle(
    session: ClientSession,
    channel: unknown,
    payload: unknown,
    context?: CommandContext,
  ): Promise<Result<unknown>> {
    return this.router.route(session, channel, payload, context)
  }

  stats(): HostStats {
    const engine = this.options.core.engine
    return {
      handlerCount: engine.handlerCount(),
      sessions: this.sessions.size,
      uptime: (performance.now() - this.startedAt) / 1000,
      metrics: this.metrics(),
    }
  }

  /** The engine's metrics and the journal's health, as the status bar shows them. */
  private readonly metrics = (): DeskMetrics => {
    const metrics: DeskMetrics = this.options.core.engine.metrics()
    const journal = this.options.journal
    if (journal !== undefined) metrics.journal = journal.status()
    return metrics
  }

  /** Disposes every session (host shutdown). */
  dispose(): void {
    for (const session of [...this.sessions]) session.dispose()
  }

  private snapshot(filter?: SnapshotFilter): Snapshot {
    return takeSnapshot(this.options.core, this.options.strategies, this.sessionInfo, filter)
  }
}

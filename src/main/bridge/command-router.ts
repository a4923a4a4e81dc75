import {
  fail,
  refuse,
  ok,
  validateCommand,
  type CommandChannel,
  type CommandRequest,
  type DeskAbout,
  type HostStats,
  type Result,
  type Snapshot,
} from '../../shared/contract'
import { CommandFailure } from '../../shared/command-failure'
import {
  checkGatewaySetting,
  fieldsFromDefaults,
  keepValid,
  type GatewaySetting,
  type GatewaySettingField,
} from '../../shared/gateway-settings'
import { HISTORY_REACH } from '../../shared/intervals'
import { hostMessage } from '../../shared/messages'
import { MINUTE } from '../../shared/numbers'
import { MANUAL_REFERENCE, createCancelRequest, isActive, type OrderRequest } from '../../shared/objects'
import type { JournalService } from './journal-service'
import type { ClientSession } from './session'
import type { SettingsService } from './settings-service'
import type { RemoteDeskService } from './remote-desk-service'
import type { StrategyService } from './strategy-service'
import type { TradingCore } from './trading-core'

/** Who a command comes from, beyond its session: set by the host that received it. */
export interface CommandContext {
  /** The reference orders sent by this command carry (default 'manual': a person at a window). */
  reference?: string
}

type Handlers = {
  [C in CommandChannel]: (request: CommandRequest<C>, session: ClientSession, context: CommandContext) => unknown
}

/**
 * The one way in for commands: checks the session's quota, validates, then
 * calls the trading core, the strategy engine or the settings. `route` never
 * throws and never rejects: a bad request gets an error reply and changes
 * nothing; an exception inside the core becomes an INTERNAL reply: one bad
 * command must not take the desk down.
 */
export class CommandRouter {
  private readonly handlers: Handlers
  private readonly core: TradingCore
  private readonly strategies: StrategyService | undefined
  private readonly settings: SettingsService | undefined
  private readonly about: DeskAbout | undefined
  private readonly remotes: RemoteDeskService | undefined
  private readonly journal: JournalService | undefined

  /** `services` as the bridge was given them: each but the core may be absent, and its commands then refused. */
  constructor(
    services: {
      core: TradingCore
      strategies?: StrategyService
      settings?: SettingsService
      about?: DeskAbout
      remotes?: RemoteDeskService
      journal?: JournalService
    },
    private readonly hostStats: () => HostStats,
    private readonly snapshot: () => Snapshot,
  ) {
    this.core = services.core
    this.strategies = services.strategies
    this.settings = services.settings
    this.about = services.about
    this.remotes = services.remotes
    this.journal = services.journal
    this.handlers = this.createHandlers()
  }

  async route(
    session: ClientSession,
    channel: unknown,
    payload: unknown,
    context: CommandContext = {},
  ): Promise<Result<unknown>> {
    try {
      // Before validation, so a flood of malformed commands costs as little as possible. Acknowledgements
      // are exempt: they are the session's own flow control, and refusing them would stall its pushes.
      if (channel !== 'session:ack') {
        const refused = session.quota.admitCommand((perSecond) =>
          this.core.writeLog(
            hostMessage('session.commandFlood', { session: session.label, perSecond }),
            'bridge',
            'WARNING',
          ),
        )
        if (refused !== undefined) return refused
      }
      const valid = validateCommand(channel, payload)
      if (!valid.ok) return valid
      const handler = this.handlers[valid.channel] as (
        request: unknown,
        session: ClientSession,
        context: CommandContext,
      ) => unknown
      const reply = await handler(valid.request, session, context)
      return isResult(reply) ? reply : ok(reply)
    } catch (err) {
      if (err instanceof CommandFailure) return fail(err.code, err.message, err.field)
      console.error(`[bridge] command ${String(channel).slice(0, 64)} failed`, err)
      return fail('INTERNAL', `Internal error: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  private createHandlers(): Handlers {
    const core = this.core
    return {
      'gateway:connect': ({ gatewayName, setting }) => {
        const fields = this.settingFields(gatewayName)
        if (setting === undefined) {
          core.connect(keepValid(fields, this.settings?.connectSetting(gatewayName) ?? {}), gatewayName)
          return null
        }
        const wrong = checkGatewaySetting(fields, setting)
        if (wrong !== undefined) return refuse('INVALID_ARGUMENT', wrong.problem, `setting.${wrong.key}`)
        this.rememberConnectSetting(gatewayName, setting)
        core.connect(setting, gatewayName)
        return null
      },
      'gateway:settings': ({ gatewayName }) => {
        const fields = this.settingFields(gatewayName)
        const defaults = keepValid(fields, core.getGateway(gatewayName)!.defaultSetting)
        const remembered = keepValid(fields, this.settings?.connectSetting(gatewayName) ?? {})
        return {
          gatewayName,
          fields: [...fields],
          values: { ...defaults, ...remembered },
          remembered: this.settings?.remembersConnectSettings ?? false,
        }
      },
      'gateway:addRemote': (request, session) => {
        this.requireRemotes().addRemote(request, session.label)
        return null
      },
      'gateway:remotes': () => this.remotes?.listRemotes() ?? [],
      'gateway:removeRemote': ({ desk }, session) => {
        this.requireRemotes().removeRemote(desk, session.label)
        return null
      },
      'gateway:disconnect': ({ gatewayName }) => {
        this.requireGateway(gatewayName)
        core.disconnect(gatewayName)
        return null
      },
      'market:subscribe': ({ vtSymbols }) => {
        // Check every symbol before subscribing any, so a bad list changes nothing.
        const contracts = vtSymbols.map((vtSymbol, i) => this.requireContract(vtSymbol, `vtSymbols.${i}`))
        for (const contract of contracts)
          core.subscribe({ symbol: contract.symbol, exchange: contract.exchange }, contract.gatewayName)
        return null
      },
      'market:history': ({ vtSymbol, interval, end }) => {
        const contract = this.requireContract(vtSymbol, 'vtSymbol')
        // Whole minutes up to the current one, which is still being made; never later than now.
        const now = core.now()
        const until = Math.floor(Math.min(end ?? now, now) / MINUTE) * MINUTE
        return core.queryHistory(
          {
            symbol: contract.symbol,
            exchange: contract.exchange,
            start: until - HISTORY_REACH[interval],
            end: until,
            interval,
          },
          contract.gatewayName,
        )
      },
      'order:send': (request, session, context) => {
        const contract = this.requireContract(request.vtSymbol, 'vtSymbol')
        const gatewayName = request.gatewayName ?? contract.gatewayName
        this.requireGateway(gatewayName)
        const refused = session.quota.admitOrder((vtOrderId) => {
          // Not in the caches yet: sent, not acknowledged, so still working.
          const order = core.getOrder(vtOrderId)
          return order === undefined || isActive(order)
        })
        if (refused !== undefined) return refused
        const order: OrderRequest = {
          symbol: contract.symbol,
          exchange: contract.exchange,
          direction: request.direction,
          offset: request.offset,
          type: request.type,
          price: request.price,
          volume: request.volume,
          reference: context.reference ?? MANUAL_REFERENCE,
        }
        const vtOrderId = core.sendOrder(order, gatewayName)
        session.quota.orderSent(vtOrderId)
        return { vtOrderId }
      },
      'order:cancel': ({ vtOrderId }) => {
        const order = core.getOrder(vtOrderId)
        if (order === undefined) return fail('NOT_FOUND', `No order ${vtOrderId}`, 'vtOrderId')
        if (!core.getAllActiveOrders().some((active) => active.vtOrderId === vtOrderId))
          return fail(
            'FAILED_PRECONDITION',
            `Order ${vtOrderId} is ${order.status} and cannot be cancelled`,
            'vtOrderId',
          )
        core.cancelOrder(createCancelRequest(order), order.gatewayName)
        return null
      },
      'order:cancelAll': () => {
        const cancelled = core.getAllActiveOrders().length
        core.cancelAll()
        return { cancelled }
      },
      'strategy:classes': () => this.requireStrategies().classes(),
      'strategy:reload': () => this.requireStrategies().reload(),
      'strategy:add': ({ className, strategyName, vtSymbol, setting }) =>
        this.requireStrategies().add(className, strategyName, vtSymbol, setting),
      'strategy:init': ({ strategyName }) => this.requireStrategies().init(strategyName),
      'strategy:start': ({ strategyName }) => this.requireStrategies().start(strategyName),
      'strategy:stop': ({ strategyName }) => this.requireStrategies().stop(strategyName),
      'strategy:edit': ({ strategyName, setting }) => this.requireStrategies().edit(strategyName, setting),
      'strategy:remove': async ({ strategyName }) => {
        await this.requireStrategies().remove(strategyName)
        return null
      },
      'strategy:initAll': () => this.requireStrategies().initAll(),
      'strategy:startAll': () => this.requireStrategies().startAll(),
      'strategy:stopAll': () => this.requireStrategies().stopAll(),
      'session:subscribe': (request, session) => {
        session.subscribe(request)
        return null
      },
      'session:ack': ({ seq }, session) =>
        session.ack(seq) ? null : fail('INVALID_ARGUMENT', `seq ${seq} is ahead of the last batch sent`, 'seq'),
      'snapshot:get': () => this.snapshot(),
      'stats:get': () => this.hostStats(),
      'settings:get': () => this.requireSettings().view(),
      'settings:change': ({ changes }, session) => {
        const changed = this.requireSettings().change(changes, session.label)
        return changed.ok ? changed.value : changed
      },
      'desk:about': () => this.about ?? fail('FAILED_PRECONDITION', 'This host does not describe itself'),
      'orders:query': (query) => this.requireJournal().queryOrders(query),
      'trades:query': (query) => this.requireJournal().queryTrades(query),
      'logs:query': (query) => this.requireJournal().queryLogs(query),
    }
  }

  /** A gateway's connection fields, as it describes them or as its defaults imply; NOT_FOUND for no such gateway. */
  private settingFields(gatewayName: string): readonly GatewaySettingField[] {
    this.requireGateway(gatewayName)
    const gateway = this.core.getGateway(gatewayName)!
    return gateway.settingFields ?? fieldsFromDefaults(gateway.defaultSetting)
  }

  /** Remembers a setting for the next start; a file that cannot be written is logged, and the connect goes on. */
  private rememberConnectSetting(gatewayName: string, setting: GatewaySetting): void {
    try {
      this.settings?.rememberConnectSetting(gatewayName, setting)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      this.core.writeLog(hostMessage('settings.connectNotSaved', { gatewayName, reason }), 'settings', 'WARNING')
    }
  }

  private requireGateway(gatewayName: string): void {
    if (!this.core.getAllGatewayNames().includes(gatewayName))
      throw new CommandFailure('NOT_FOUND', `No gateway named ${gatewayName}`, 'gatewayName')
  }

  private requireContract(vtSymbol: string, field: string) {
    const contract = this.core.getContract(vtSymbol)
    if (contract === undefined) throw new CommandFailure('NOT_FOUND', `No contract ${vtSymbol}`, field)
    return contract
  }

  private requireSettings(): SettingsService {
    if (this.settings === undefined) throw new CommandFailure('FAILED_PRECONDITION', 'Settings are not available')
    return this.settings
  }

  private requireRemotes(): RemoteDeskService {
    if (this.remotes === undefined) throw new CommandFailure('FAILED_PRECONDITION', 'This desk cannot mirror others')
    return this.remotes
  }

  private requireJournal(): JournalService {
    if (this.journal === undefined) throw new CommandFailure('FAILED_PRECONDITION', 'History is not available')
    return this.journal
  }

  private requireStrategies(): StrategyService {
    if (this.strategies === undefined) throw new CommandFailure('FAILED_PRECONDITION', 'Strategies are not available')
    return this.strategies
  }
}

/** Handlers return a plain value, or a ready-made failure from `fail()`. */
function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && (value as { ok: unknown }).ok === false
}

import { EVENT_LOG } from '../../shared/events'
import { hostMessage, logText, type HostMessage } from '../../shared/messages'
import type { StrategyState } from '../../shared/strategy'
import type { StrategyOrderRouter } from './order-routing'
import type { StrategyPersistence } from './persistence'
import type { StrategyProxy } from './proxy'
import type { Failure } from './runner/protocol'
import { StrategyError, failureOf } from './strategy-error'
import type { StrategyTradingCore } from './trading-core'

/** What the lifecycle needs from the engine (StrategyEngine). */
export interface LifecycleHost {
  readonly core: StrategyTradingCore
  readonly router: StrategyOrderRouter
  publish(proxy: StrategyProxy): StrategyState
  log(message: string | HostMessage, source: string): void
}

/**
 * Init, start and stop of one instance, as vnpy's CTA manager has them: init
 * builds the strategy in a fresh worker, restores its saved variables and
 * awaits its onInit (within a time limit); from then on it hears its ticks.
 * Start lets it trade. Stop runs its onStop, cancels its working orders,
 * saves its variables and releases its handlers, and leaves it inited: Start
 * again needs no new Init. A strategy that fails, in these or at any time, is
 * stopped alone, in error. The engine has checked the transition against the
 * shared table before calling.
 */
export class StrategyLifecycle {
  constructor(
    private readonly host: LifecycleHost,
    private readonly persistence: StrategyPersistence,
    /** The longest onInit may take, seconds (a setting the user may change). */
    private readonly initTimeout: () => number,
  ) {}

  async init(proxy: StrategyProxy): Promise<StrategyState> {
    const { core } = this.host
    const contract = core.getContract(proxy.vtSymbol)
    if (contract === undefined)
      throw new StrategyError('FAILED_PRECONDITION', `No contract ${proxy.vtSymbol}: connect its gateway first`)
    proxy.status = 'initing'
    proxy.error = undefined
    this.persistence.restoreVariables(proxy)
    this.host.publish(proxy)
    try {
      await proxy.spawn(contract.pricetick)
      await this.withinInitTime(proxy, proxy.step('init'))
    } catch (err) {
      this.fail(proxy, failureOf(err))
      return proxy.state()
    }
    if (proxy.status !== 'initing') return proxy.state()
    proxy.status = 'inited'
    core.subscribe({ symbol: contract.symbol, exchange: contract.exchange }, contract.gatewayName)
    proxy.listen()
    this.host.log(hostMessage('strategy.inited', { strategy: proxy.strategyName }), proxy.strategyName)
    return this.host.publish(proxy)
  }

  /** Fails the instance if `onInit` has not settled within the time limit (its worker's start-up does not count). */
  private async withinInitTime(proxy: StrategyProxy, init: Promise<void>): Promise<void> {
    const seconds = this.initTimeout()
    const timeout = setTimeout(
      () => this.fail(proxy, { reason: `onInit did not finish within ${seconds} s` }),
      seconds * 1000,
    )
    try {
      await init
    } finally {
      clearTimeout(timeout)
    }
  }

  async start(proxy: StrategyProxy): Promise<StrategyState> {
    // Trading before onStart runs, so that orders it sends from onStart go out.
    proxy.status = 'trading'
    proxy.listen()
    try {
      await proxy.step('start')
    } catch (err) {
      this.fail(proxy, failureOf(err))
      return proxy.state()
    }
    this.host.log(hostMessage('strategy.started', { strategy: proxy.strategyName }), proxy.strategyName)
    return this.host.publish(proxy)
  }

  async stop(proxy: StrategyProxy): Promise<StrategyState> {
    try {
      await proxy.step('stop')
    } catch (err) {
      this.fail(proxy, failureOf(err))
      return proxy.state()
    }
    if (proxy.status === 'error') return proxy.state()
    proxy.status = 'stopped'
    proxy.release()
    this.host.router.cancelAll(proxy)
    this.persistence.saveVariables(proxy)
    this.host.log(hostMessage('strategy.stopped', { strategy: proxy.strategyName }), proxy.strategyName)
    return this.host.publish(proxy)
  }

  /**
   * Stops a strategy whose code failed (threw, rejected, hung, ran over, or
   * its worker ended): its worker is ended, its handlers released, its working
   * orders cancelled, its variables saved, and the reason and stack logged.
   */
  fail(proxy: StrategyProxy, failure: Failure): void {
    if (proxy.status === 'error') return
    const { core, router } = this.host
    proxy.status = 'error'
    proxy.error = failure.reason
    void proxy.shutdown()
    router.cancelAll(proxy)
    this.persistence.saveVariables(proxy)
    const name = proxy.strategyName
    core.engine.put({
      type: EVENT_LOG,
      data: {
        time: core.now(),
        level: 'ERROR',
        source: name,
        ...logText(hostMessage('strategy.halted', { strategy: name, reason: failure.reason })),
        stack: failure.stack,
      },
    })
    this.host.publish(proxy)
  }
}

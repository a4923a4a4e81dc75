import * as v from 'valibot'
import { strategyNameSchema } from '../../shared/contract'
import type { StrategyProxy } from './proxy'
import type { StrategyRegistry } from './registry'
import { failureOf } from './strategy-error'
import type { SavedInstance, StrategyStore } from './strategy-store'

/**
 * What is kept of strategies between runs, and when (vnpy's setting and data
 * files): every instance with its parameters on every add, edit and remove;
 * an instance's `pos` and persistent variables after each of its trades, on
 * `syncData` and on stop, and only once this run has read them back, so a run
 * never overwrites what it has not loaded. A saved instance that could not be
 * restored is written back exactly as it was read until the user removes it.
 */
export class StrategyPersistence {
  constructor(readonly store: StrategyStore) {}

  /**
   * Adds the saved instances back, none running its code yet, each with its
   * saved variables (its position shows from the start). One that cannot be
   * (its class is gone, say) stays saved as it was and is listed as not
   * restored, if its name is one a command can name, to remove it. Returns
   * the instances restored; undefined when none was ever saved (a first launch).
   */
  restoreAll(
    registry: StrategyRegistry,
    create: (strategyName: string, saved: SavedInstance) => StrategyProxy,
    report: (strategyName: string, reason: string) => void,
  ): StrategyProxy[] | undefined {
    const saved = this.store.loadInstances()
    const restored: StrategyProxy[] = []
    for (const [strategyName, entry] of saved ?? []) {
      try {
        const proxy = create(strategyName, entry)
        registry.instances.set(strategyName, proxy)
        this.restoreVariables(proxy)
        restored.push(proxy)
      } catch (err) {
        const { reason } = failureOf(err)
        this.store.keepUnrestored(strategyName, reason)
        report(strategyName, reason)
      }
    }
    for (const kept of this.store.unrestored())
      if (v.is(strategyNameSchema, kept.strategyName)) registry.unrestored.set(kept.strategyName, kept)
    return saved === undefined ? undefined : restored
  }

  saveInstances(registry: StrategyRegistry): void {
    const saved = new Map<string, SavedInstance>()
    for (const [name, proxy] of registry.instances)
      saved.set(name, { className: proxy.cls.className, vtSymbol: proxy.vtSymbol, setting: { ...proxy.params } })
    this.store.saveInstances(saved)
  }

  /** Reads the instance's saved position and persistent variables into it; from now on they are saved. */
  restoreVariables(proxy: StrategyProxy): void {
    if (proxy.dataLoaded) return
    const saved = this.store.loadVariables(proxy.strategyName)
    proxy.dataLoaded = true
    if (saved === undefined) return
    if (typeof saved.pos === 'number') proxy.pos = saved.pos
    for (const name of proxy.cls.persistent) if (Object.hasOwn(saved, name)) proxy.vars[name] = saved[name]
  }

  /** Saves the instance's position and persistent variables, if it has read them back this run. */
  saveVariables(proxy: StrategyProxy): void {
    if (proxy.dataLoaded) this.store.saveVariables(new Map([[proxy.strategyName, proxy.savedVariables()]]))
  }
}

import * as v from 'valibot'
import { strategyNameSchema, type StrategyCatalogue } from '../../shared/contract'
import { MANUAL_REFERENCE } from '../../shared/objects'
import type { StrategyClassInfo, StrategyLoadError, StrategyState } from '../../shared/strategy'
import { canDo, refusal, type StrategyAction } from '../../shared/strategy-lifecycle'
import type { StrategyProxy } from './proxy'
import type { ClassMeta } from './runner/protocol'
import { StrategyError } from './strategy-error'
import type { KeptInstance } from './strategy-store'
import type { StrategyClass } from './template'

/** A class the desk can add instances of: what the Add form shows, and where its code is. */
export interface ClassEntry extends StrategyClassInfo {
  persistent: string[]
  /** The user strategy file that defines it; none for a built-in. */
  file?: string
  /** The class itself, for a built-in only: our own code, whose constructor may run in the engine's thread. */
  builtin?: StrategyClass
}

/**
 * The strategy classes (built-ins, and the user files' as a worker loaded
 * them) and the instances, by name: the engine's phone book. The names of
 * instances and of saved instances that could not be restored are one space.
 */
export class StrategyRegistry {
  private readonly classes = new Map<string, ClassEntry>()
  private loadErrors: StrategyLoadError[] = []
  readonly instances = new Map<string, StrategyProxy>()
  /** Saved instances that could not be added back: kept as saved, shown, removable. */
  readonly unrestored = new Map<string, KeptInstance>()

  constructor(builtins: readonly StrategyClass[]) {
    for (const cls of builtins)
      this.classes.set(cls.className, {
        className: cls.className,
        source: 'builtin',
        description: cls.description,
        parameters: cls.parameters,
        variables: cls.variables,
        persistent: cls.persistent ?? [],
        builtin: cls,
      })
  }

  builtinNames(): string[] {
    return [...this.classes.values()].filter((entry) => entry.builtin !== undefined).map((entry) => entry.className)
  }

  /** Replaces the user classes with those just loaded. Instances keep the entry they were made from. */
  setUserClasses(classes: readonly ClassMeta[], errors: StrategyLoadError[]): void {
    for (const [name, entry] of this.classes) if (entry.builtin === undefined) this.classes.delete(name)
    for (const meta of classes) this.classes.set(meta.className, { ...meta, source: 'user' })
    this.loadErrors = errors
  }

  getClass(className: string): ClassEntry | undefined {
    return this.classes.get(className)
  }

  catalogue(): StrategyCatalogue {
    return {
      classes: [...this.classes.values()].map(({ className, source, description, parameters, variables }) => ({
        className,
        source,
        description,
        parameters,
        variables,
      })),
      loadErrors: this.loadErrors,
    }
  }

  /** The class behind a name, or NOT_FOUND. */
  requireClass(className: string): ClassEntry {
    const cls = this.classes.get(className)
    if (cls === undefined) throw new StrategyError('NOT_FOUND', `No strategy class named ${className}`, 'className')
    return cls
  }

  /** Refuses a name already taken, by an instance or a saved one not restored, or reserved. */
  requireFreeName(strategyName: string): void {
    if (this.instances.has(strategyName) || this.unrestored.has(strategyName))
      throw new StrategyError('FAILED_PRECONDITION', `A strategy named ${strategyName} already exists`, 'strategyName')
    const valid = v.safeParse(strategyNameSchema, strategyName)
    if (!valid.success)
      throw new StrategyError('INVALID_ARGUMENT', `strategyName ${valid.issues[0].message}`, 'strategyName')
    if (strategyName === MANUAL_REFERENCE)
      throw new StrategyError(
        'INVALID_ARGUMENT',
        `"${MANUAL_REFERENCE}" is reserved for orders sent by hand`,
        'strategyName',
      )
  }

  /** The instance behind a name, if `action` is allowed in its state (the shared table); else why not. */
  require(strategyName: string, action?: StrategyAction): StrategyProxy {
    const proxy = this.instances.get(strategyName)
    if (proxy === undefined && action !== undefined && this.unrestored.has(strategyName))
      throw new StrategyError('FAILED_PRECONDITION', refusal(strategyName, 'unrestored', action))
    if (proxy === undefined) throw new StrategyError('NOT_FOUND', `No strategy named ${strategyName}`, 'strategyName')
    if (action !== undefined && !canDo(proxy.status, action))
      throw new StrategyError('FAILED_PRECONDITION', refusal(strategyName, proxy.status, action))
    return proxy
  }

  proxies(): StrategyProxy[] {
    return [...this.instances.values()]
  }

  /** The instances `action` may be done to now. */
  eligible(action: StrategyAction): StrategyProxy[] {
    return this.proxies().filter((proxy) => canDo(proxy.status, action))
  }

  states(): StrategyState[] {
    return [...this.instances.values()]
      .map((proxy) => proxy.state())
      .concat([...this.unrestored.values()].map(unrestoredState))
  }
}

export function unrestoredState({ strategyName, className, vtSymbol, reason }: KeptInstance): StrategyState {
  return { strategyName, className, vtSymbol, status: 'unrestored', parameters: {}, variables: {}, error: reason }
}

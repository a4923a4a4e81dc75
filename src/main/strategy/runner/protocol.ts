/**
 * What the engine and a strategy worker say to each other (see runner.ts
 * and proxy.ts for the engine's side, strategy-worker.ts for the worker's).
 * Types only, apart from the callback codes: the engine checks every message
 * a worker sends against messages.ts before it acts on it, since strategy
 * code can post to its parent port as well.
 */
import type { MessagePort } from 'node:worker_threads'
import type { Bar, Direction, LogLevel, Offset, Order, Trade } from '../../../shared/objects'
import type { ParameterSpec, StrategyLoadError, StrategyValue } from '../../../shared/strategy'

/** What every worker is given: the heartbeat port, and where it says which callback runs. */
interface BaseSetup {
  /** Answers each message on it as soon as the worker's event loop is free: the watchdog's heartbeat. */
  heartbeat: MessagePort
  /** An Int32Array's buffer: the code (CALLBACKS index + 1) of the strategy callback running now, 0 between. */
  running: SharedArrayBuffer
}

/** A worker that runs one strategy instance. */
export interface InstanceSetup extends BaseSetup {
  mode: 'instance'
  strategyName: string
  vtSymbol: string
  className: string
  /** The user strategy file that defines the class; none for a built-in class. */
  file?: string
  params: Record<string, StrategyValue>
  pricetick: number
  /** Set on the strategy before anything runs: its position and its variables (saved or carried over). */
  pos: number
  vars: Record<string, StrategyValue>
}

/** A worker that loads the user strategy files for the Add form, reports their classes, and ends. */
export interface CatalogueSetup extends BaseSetup {
  mode: 'catalogue'
  files: string[]
  /** Class names already taken (the built-ins). */
  taken: string[]
}

export type WorkerSetup = InstanceSetup | CatalogueSetup

/** The strategy callbacks, by code, so the watchdog can say which one ran over. */
export const CALLBACKS = ['onInit', 'onStart', 'onStop', 'onTick', 'onTimer', 'onOrder', 'onTrade', 'load'] as const
export type Callback = (typeof CALLBACKS)[number]

/** A class as a user file defines it, without its code: what the Add form shows and the engine checks against. */
export interface ClassMeta {
  className: string
  description: string
  parameters: ParameterSpec[]
  variables: string[]
  persistent: string[]
  file: string
}

/** A lifecycle step the engine asks for; the worker answers `done` or `crash`. */
export type LifecycleStep = 'init' | 'start' | 'stop'

/**
 * Engine → worker. A tick travels as its JSON text: made once per tick for
 * every strategy on its instrument, and a string crosses to a worker several
 * times faster than an object is cloned (the engine's thread pays for each).
 */
export type ToWorker =
  | string
  | { type: 'step'; id: number; step: LifecycleStep; pos: number }
  /** New parameters, applied in place (vnpy's `update_setting`) once the class's constructor accepts them. */
  | { type: 'edit'; id: number; params: Record<string, StrategyValue> }
  | { type: 'timer'; now: number }
  /** Its own order, with the id the strategy was given in `vtOrderId`. */
  | { type: 'order'; order: Order }
  /** Its own trade (`vtOrderId` as for orders), and its position with the trade counted. */
  | { type: 'trade'; trade: Trade; pos: number }
  | { type: 'bars'; id: number; bars: Bar[] }
  | { type: 'ping'; id: number }

/** Why a worker's strategy failed, as the log shows it: `onTick threw: boom` and the stack. */
export interface Failure {
  reason: string
  stack?: string
}

/** Worker → engine. */
export type FromWorker =
  /** Its own code has loaded: from here on the watchdog watches it. */
  | { type: 'alive' }
  /** The strategy is constructed; `vars` are its shown and persistent variables. */
  | { type: 'ready'; vars: Record<string, StrategyValue> }
  /** Its class could not be loaded or refused the parameters. */
  | ({ type: 'refused'; message: string } & Failure)
  | { type: 'done'; id: number; vars: Record<string, StrategyValue> }
  | { type: 'rejected'; id: number; message: string }
  | ({ type: 'crash' } & Failure)
  | {
      type: 'order'
      localId: string
      direction: Direction
      offset: Offset
      price: number
      volume: number
      stop: boolean
    }
  | { type: 'cancel'; localId: string }
  | { type: 'cancelAll' }
  | { type: 'log'; message: string; level: LogLevel }
  /** Its variables changed (`putEvent`); `sync`: save its persistent ones now (`syncData`, or after a trade). */
  | { type: 'vars'; vars: Record<string, StrategyValue>; sync: boolean }
  | { type: 'loadBars'; id: number; days: number }
  | { type: 'pong'; id: number }
  | { type: 'loading'; file: string }
  | { type: 'catalogue'; classes: ClassMeta[]; errors: StrategyLoadError[] }

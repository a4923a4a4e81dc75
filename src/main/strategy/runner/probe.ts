import type { StrategyValue } from '../../../shared/strategy'
import type { ClassEntry } from '../registry'
import { StrategyError, failureOf, refusedParameters } from '../strategy-error'
import { CHECK_ONLY_CONTEXT } from '../template'
import { pickValues } from '../variables'
import { checkWorkerMessage } from './messages'
import { WorkerFailure } from './replies'
import type { StartRunner } from './runner'

type Vars = Record<string, StrategyValue>

/**
 * The class's own checks of new parameters (its constructor: DoubleMa's
 * "fastWindow must be less than slowWindow"), run where its code may run: a
 * built-in's here and at once (it is our own code, and the demo instance must
 * be there as soon as the desk has loaded), a user file's in a worker of its
 * own that is ended once the strategy is built. Returns the strategy's
 * variables as built; throws (or rejects with) a StrategyError, INVALID_ARGUMENT
 * on `setting` when the class refused.
 */
export function checkParameters(
  cls: ClassEntry,
  params: Vars,
  strategyName: string,
  vtSymbol: string,
  start: StartRunner,
): Vars | Promise<Vars> {
  if (cls.builtin === undefined)
    return probe(cls, params, strategyName, vtSymbol, start).catch((err: unknown) =>
      Promise.reject(refusedParameters(err)),
    )
  try {
    const strategy = new cls.builtin(CHECK_ONLY_CONTEXT, strategyName, vtSymbol, { ...params })
    return pickValues(strategy.vars, [...cls.variables, ...cls.persistent])
  } catch (err) {
    const reason = failureOf(err).reason
    throw new StrategyError('INVALID_ARGUMENT', `${cls.className} refused these parameters: ${reason}`, 'setting')
  }
}

function probe(
  cls: ClassEntry,
  params: Vars,
  strategyName: string,
  vtSymbol: string,
  start: StartRunner,
): Promise<Vars> {
  const setup = { mode: 'instance' as const, strategyName, vtSymbol, className: cls.className, file: cls.file }
  return new Promise((resolve, reject) => {
    const runner = start(
      { ...setup, params, pricetick: 0, pos: 0, vars: {} },
      {
        onMessage: (raw) => {
          const message = checkWorkerMessage(raw)
          if (message?.type === 'ready') resolve(message.vars)
          else if (message?.type === 'refused') reject(new WorkerFailure(message, true))
          else if (message?.type === 'crash') reject(new WorkerFailure(message, false))
          else return
          void runner.terminate()
        },
        onFailure: (failure) => reject(new WorkerFailure(failure, false)),
      },
    )
  })
}

/**
 * The worker's side of "which classes do the user's strategy files define":
 * loads each file in turn, reports the classes (their metadata, not their
 * code) and the files that failed, and is ended by the engine. A file's code
 * runs here, never in the engine's thread.
 *
 * Files load one per turn of the event loop, so a throw the file's own code
 * leaves for just after loading (a zero-delay timer, a promise nobody awaits)
 * surfaces before the next file loads and is charged to the file that caused it.
 */
import type { StrategyLoadError } from '../../../shared/strategy'
import { loadStrategyFile } from '../loader'
import { CALLBACKS, type CatalogueSetup, type ClassMeta, type FromWorker } from './protocol'
import type { WorkerPort } from './worker-instance'

export async function runCatalogue(
  port: WorkerPort,
  setup: Omit<CatalogueSetup, 'heartbeat' | 'running'>,
  running: Int32Array,
): Promise<void> {
  const post = (message: FromWorker): void => port.postMessage(message)
  const classes: ClassMeta[] = []
  const errors: StrategyLoadError[] = []
  const taken = new Set(setup.taken)
  let current: string | undefined
  const charge = (err: unknown): void => {
    if (current !== undefined && !errors.some((e) => e.file === current)) errors.push(loadError(current, err))
  }
  process.on('uncaughtException', charge)
  process.on('unhandledRejection', charge)
  for (const file of setup.files) {
    current = file
    post({ type: 'loading', file })
    Atomics.store(running, 0, CALLBACKS.indexOf('load') + 1)
    try {
      const metas = loadStrategyFile(file).map((cls) => ({
        className: cls.className,
        description: typeof cls.description === 'string' ? cls.description : '',
        parameters: cls.parameters,
        variables: cls.variables,
        persistent: cls.persistent ?? [],
        file,
      }))
      for (const meta of metas)
        if (taken.has(meta.className)) throw new Error(`a strategy class named ${meta.className} already exists`)
      for (const meta of metas) taken.add(meta.className)
      classes.push(...metas)
    } catch (err) {
      errors.push(loadError(file, err))
    }
    Atomics.store(running, 0, 0)
    // A turn with a timer phase: a throw the file left in a zero-delay timer comes before the next file loads.
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  current = undefined
  const failed = new Set(errors.map((e) => e.file))
  post({ type: 'catalogue', classes: classes.filter((meta) => !failed.has(meta.file)), errors })
}

function loadError(file: string, err: unknown): StrategyLoadError {
  return { file, message: err instanceof Error ? err.message : String(err) }
}

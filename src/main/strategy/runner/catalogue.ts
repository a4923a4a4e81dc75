import type { StrategyLoadError } from '../../../shared/strategy'
import { checkWorkerMessage } from './messages'
import type { ClassMeta } from './protocol'
import type { StartRunner } from './runner'

export interface Catalogue {
  classes: ClassMeta[]
  errors: StrategyLoadError[]
}

/**
 * The classes the user strategy files define, loaded in a worker (their code
 * never runs in the engine's thread). A file whose code ends the worker, or
 * keeps it busy past the watchdog's limit, is reported as failed to load, and
 * the others load again in a fresh worker.
 */
export async function loadCatalogue(
  files: readonly string[],
  taken: readonly string[],
  start: StartRunner,
): Promise<Catalogue> {
  const catalogue: Catalogue = { classes: [], errors: [] }
  let rest = [...files]
  while (rest.length > 0) {
    const run = await loadSome(rest, [...taken, ...catalogue.classes.map((meta) => meta.className)], start)
    catalogue.classes.push(...run.classes)
    catalogue.errors.push(...run.errors)
    rest = run.unloaded
  }
  return catalogue
}

/** One worker's run: what it loaded, or the file that ended it and the files to load again without it. */
function loadSome(files: string[], taken: string[], start: StartRunner): Promise<Catalogue & { unloaded: string[] }> {
  return new Promise((resolve) => {
    let current = -1
    const runner = start(
      { mode: 'catalogue', files, taken },
      {
        onMessage: (raw) => {
          const message = checkWorkerMessage(raw)
          if (message?.type === 'loading') current = files.indexOf(message.file)
          if (message?.type !== 'catalogue') return
          void runner.terminate()
          resolve({ classes: message.classes, errors: message.errors, unloaded: [] })
        },
        onFailure: (failure) => {
          // Ended before it loaded any file: no file is to blame, and none can load.
          if (current < 0)
            resolve({ classes: [], errors: files.map((file) => ({ file, message: failure.reason })), unloaded: [] })
          else
            resolve({
              classes: [],
              errors: [{ file: files[current], message: failure.reason }],
              unloaded: files.filter((_, i) => i !== current),
            })
        },
      },
    )
  })
}

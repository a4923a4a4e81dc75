import { join } from 'node:path'
import * as v from 'valibot'
import { deskNameProblem, natsUrlProblem } from '../../shared/nats-address'
import { readJsonEntries, writeJsonEntries } from '../util/json-file'

/** The file remote desks are remembered in, in the data folder; readable by its owner only (it holds credentials). */
export const REMOTE_DESKS_FILE = 'remote_desks.json'

/** A remote desk as remembered: where it is and how to log in (the URL keeps its credentials). */
export interface RememberedRemote {
  desk: string
  url: string
  nkeySeedFile?: string
  caFile?: string
}

const rememberedSchema = v.object({
  url: v.pipe(
    v.string(),
    v.check((url) => natsUrlProblem(url) === undefined, 'is not a NATS URL'),
  ),
  nkeySeedFile: v.optional(v.string()),
  caFile: v.optional(v.string()),
})

/**
 * The desks mirrored from a window's "Connect remote desk", remembered so
 * the next start mirrors them again; one forgotten when the user removes it.
 * Kept in `remote_desks.json` (mode 0600), or until the desk closes without a
 * data folder. An entry that is not what it should be is reported and left out.
 */
export class RememberedRemotes {
  private readonly kept = new Map<string, RememberedRemote>()
  private readonly path: string | undefined

  constructor(dataDir: string | undefined, report: (problem: string) => void) {
    this.path = dataDir === undefined ? undefined : join(dataDir, REMOTE_DESKS_FILE)
    if (this.path === undefined) return
    for (const [desk, entry] of readJsonEntries(this.path, report) ?? []) {
      const parsed = v.safeParse(rememberedSchema, entry)
      if (deskNameProblem(desk) === undefined && parsed.success) this.kept.set(desk, { desk, ...parsed.output })
      else report(`${this.path}: ${desk} is not a remote desk this desk can mirror; ignored`)
    }
  }

  /** Whether the list outlives the desk. */
  get saved(): boolean {
    return this.path !== undefined
  }

  list(): RememberedRemote[] {
    return [...this.kept.values()]
  }

  has(desk: string): boolean {
    return this.kept.has(desk)
  }

  /** Remembers a desk (replacing one of its name); throws when the file cannot be written (it is kept in memory). */
  remember(remote: RememberedRemote): void {
    this.kept.set(remote.desk, { ...remote })
    this.save()
  }

  /** Forgets a desk; throws when the file cannot be written. */
  forget(desk: string): void {
    if (this.kept.delete(desk)) this.save()
  }

  private save(): void {
    if (this.path === undefined) return
    const entries = [...this.kept.values()].map(({ desk, ...where }): [string, unknown] => [desk, where])
    writeJsonEntries(this.path, entries, { secret: true })
  }
}

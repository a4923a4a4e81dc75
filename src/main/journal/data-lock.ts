import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The lock file in a data folder: the pid of the desk using the folder. */
export const LOCK_FILE = 'eventdesk.lock'

/** Another desk, alive, uses the folder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number | undefined,
  ) {
    const who = pid === undefined ? 'another EventDesk' : `another EventDesk (pid ${pid})`
    super(
      `The data folder ${dir} is in use by ${who}. Close that desk first, or use another data folder. ` +
        `If no EventDesk is running, delete ${join(dir, LOCK_FILE)}.`,
    )
    this.name = 'DataFolderInUseError'
  }
}

/** Folders held by desks in this process: a second desk here must be refused too, though the pid is ours. */
const held = new Set<string>()

/**
 * Takes a data folder for one desk (creating it if need be), so two desks
 * never write one journal: a lock file holds the pid of the desk that took
 * it. A lock whose process is gone (a desk killed with -9, a crash) is stale
 * and taken over. Returns the release, which removes the lock file.
 */
export function lockDataFolder(dir: string): () => void {
  const key = resolve(dir)
  if (held.has(key)) throw new DataFolderInUseError(dir, process.pid)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, LOCK_FILE)
  // Twice at most: once more after removing a stale lock; losing that race to another desk refuses.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' })
      held.add(key)
      return () => release(key, path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const pid = lockHolder(path)
    // Our own pid in a lock this process does not hold: a desk before a restart had it (pids come round again).
    if (pid !== undefined && pid !== process.pid && isAlive(pid)) throw new DataFolderInUseError(dir, pid)
    rmSync(path, { force: true })
  }
  throw new DataFolderInUseError(dir, lockHolder(path))
}

function release(key: string, path: string): void {
  if (!held.delete(key)) return
  if (lockHolder(path) === process.pid) rmSync(path, { force: true })
}

function lockHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists, but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * What every part of the Electron stand-in shares: Electron's posted tasks,
 * its event objects, its destroyed objects, and the one cast that hands a
 * stand-in to code typed against electron.d.ts. Sources cited as
 * `electron/…` are files of github.com/electron/electron.
 */
import type * as Electron from 'electron'

let pendingTasks = 0

/**
 * Work Electron posts to a later turn of its UI thread (`PostTask` in its
 * C++): one macrotask each here, so close-versus-IPC races interleave as they
 * can in the app.
 */
export function postTask(task: () => void): void {
  pendingTasks++
  setImmediate(() => {
    pendingTasks--
    task()
  })
}

/** Runs posted tasks (and the promises they settle) until none is left. */
export async function settleTasks(): Promise<void> {
  do await new Promise((resolve) => setImmediate(resolve))
  while (pendingTasks > 0)
}

/** An Electron event carrying `params` (electron.d.ts: `type Event<Params> = { preventDefault, readonly defaultPrevented } & Params`). */
export function electronEvent<P extends object>(params: P): Electron.Event & P {
  let prevented = false
  const event = {
    preventDefault: (): void => {
      prevented = true
    },
    get defaultPrevented(): boolean {
      return prevented
    },
  }
  return Object.assign(event, params)
}

/**
 * Using a member of a destroyed object throws this TypeError
 * (electron/shell/common/gin_helper/function_template.h); `isDestroyed()`
 * still answers (electron/shell/common/gin_helper/destroyable.cc).
 */
export function assertAlive(destroyed: boolean): void {
  if (destroyed) throw new TypeError('Object has been destroyed')
}

/** Hands a stand-in to code typed against Electron's declarations; that code reads only members the stand-in implements. */
export function asElectron<T>(standIn: object): T {
  return standIn as unknown as T
}

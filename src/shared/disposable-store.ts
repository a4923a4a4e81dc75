/** Calling it undoes what returned it; calling it again does nothing. */
export type Disposer = () => void

/** A disposer that acts once: a stale one called again must not undo someone's later registration. */
export function disposeOnce(dispose: () => void): Disposer {
  let done = false
  return () => {
    if (done) return
    done = true
    dispose()
  }
}

/**
 * The disposers of one owner's registrations (a session's engine handlers, a
 * strategy's, a window's listeners), released together when the owner goes:
 * VS Code's `DisposableStore` (src/vs/base/common/lifecycle.ts), for our
 * function-shaped disposers. What is added after `dispose` is released at
 * once, so a registration that races the owner's end cannot leak.
 */
export class DisposableStore {
  private readonly disposers = new Set<Disposer>()
  private disposed = false

  /** Keeps each disposer to call later, or calls it now if the store is disposed. */
  add(...disposers: Disposer[]): void {
    for (const dispose of disposers) {
      if (this.disposed) dispose()
      else this.disposers.add(dispose)
    }
  }

  /** Disposers held: what the owner still has registered. */
  get size(): number {
    return this.disposers.size
  }

  get isDisposed(): boolean {
    return this.disposed
  }

  /**
   * Calls every disposer held, in the order added, and forgets them; the
   * store stays usable (an owner that registers afresh, as a session does on
   * resubscribing). One that throws does not stop the rest: the first error
   * is thrown after all have run.
   */
  clear(): void {
    if (this.disposers.size === 0) return
    const disposers = [...this.disposers]
    this.disposers.clear()
    let failure: { error: unknown } | undefined
    for (const dispose of disposers) {
      try {
        dispose()
      } catch (error) {
        failure ??= { error }
      }
    }
    if (failure !== undefined) throw failure.error
  }

  /** Clears the store for good: later additions are disposed at once. Calling it again does nothing. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.clear()
  }
}

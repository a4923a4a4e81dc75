/** A redraw held to a pace; see `throttle`. */
export interface Throttled {
  /**
   * Runs now if the last run is at least the interval ago; else once, when it
   * will be. Requests made while that run waits join it.
   */
  request(): void
  /** Runs now (the interval starts again from here) and drops the run that waited. */
  flush(): void
  /** Drops the run that waited, if any: call it on unmount. */
  cancel(): void
}

/**
 * `run` at most once per `everyMs` (read at each request, so it may follow a
 * prop), the first time at once and the last change never left unshown: a
 * panel that live data changes every frame redraws at a pace the eye can
 * follow, and costs the frame less.
 *
 * `lateMs`: a run that comes due waits up to this much longer for the next
 * request, and runs in it, so that panels fed by the same frames of data
 * repaint in those frames rather than each in a frame of its own; its timer
 * runs it only when no request comes (the feed went quiet).
 */
export function throttle(run: () => void, everyMs: number | (() => number), lateMs = 0): Throttled {
  const interval = typeof everyMs === 'number' ? () => everyMs : everyMs
  let lastRun = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  const cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  const flush = (): void => {
    cancel()
    lastRun = performance.now()
    run()
  }
  return {
    request() {
      const wait = interval() - (performance.now() - lastRun)
      if (wait <= 0) flush()
      else if (timer === undefined) timer = setTimeout(flush, wait + lateMs)
    },
    flush,
    cancel,
  }
}

import { EVENT_TICK, type EngineEvent } from '../../shared/events'
import { Ring } from './ring'

export interface LaneOptions {
  name: string
  /** Event types starting with one of these go to this lane. A lane without prefixes takes the rest. */
  prefixes?: string[]
}

/** Everything else first, then ticks: logs, orders, trades and the timer never wait behind a tick backlog. */
export const DEFAULT_LANES: readonly LaneOptions[] = [{ name: 'urgent' }, { name: 'tick', prefixes: [EVENT_TICK] }]

export interface Lane {
  name: string
  queue: Ring<EngineEvent>
}

/** The engine's queues, and how `put` finds an event's queue by the prefix of its type. */
export interface LaneTable {
  /** In priority order. */
  lanes: Lane[]
  /** The lanes' queues in priority order, for the drain. */
  queues: Ring<EngineEvent>[]
  /** The queue of the lane without prefixes, which takes every type no prefix routes. */
  catchAll: Ring<EngineEvent>
  /** `prefixes[i]` routes to `prefixQueues[i]`; parallel arrays keep `put` monomorphic and allocation-free. */
  prefixes: string[]
  prefixQueues: Ring<EngineEvent>[]
}

/** Builds the queues the options describe; exactly one lane must have no prefixes. */
export function buildLanes(options: readonly LaneOptions[]): LaneTable {
  const lanes = options.map((l) => ({ name: l.name, queue: new Ring<EngineEvent>() }))
  const catchAll = lanes.filter((_, i) => !options[i].prefixes?.length)
  if (catchAll.length !== 1) throw new RangeError('exactly one lane must have no prefixes (it takes every other type)')
  const prefixes: string[] = []
  const prefixQueues: Ring<EngineEvent>[] = []
  options.forEach((l, i) =>
    l.prefixes?.forEach((prefix) => {
      prefixes.push(prefix)
      prefixQueues.push(lanes[i].queue)
    }),
  )
  return { lanes, queues: lanes.map((l) => l.queue), catchAll: catchAll[0].queue, prefixes, prefixQueues }
}

import type { Batch } from '../../shared/contract'
import { PUSH_KINDS, isFact, pushKey, type FactKind, type LatestKind, type PushMap } from '../../shared/push'

interface OrderedEntry {
  kind: FactKind
  value: PushMap[FactKind]
  bytes: number
}

/**
 * What waits to go out to one window. Market data and other latest-state
 * values are coalesced per key (latest wins), so they cost at most one entry
 * per instrument however long the window lags; orders, trades, logs and
 * contracts queue in arrival order and are never coalesced away.
 */
export class Outbox {
  private readonly coalesced = new Map<LatestKind, Map<string, PushMap[LatestKind]>>()
  private ordered: OrderedEntry[] = []
  private head = 0
  private orderedBytes = 0
  private coalescedCount = 0

  putLatest<K extends LatestKind>(kind: K, value: PushMap[K]): void {
    let byKey = this.coalesced.get(kind)
    if (byKey === undefined) this.coalesced.set(kind, (byKey = new Map()))
    const key = pushKey(kind, value)
    // Delete first so the map's order is the order of the latest updates.
    if (!byKey.delete(key)) this.coalescedCount++
    byKey.set(key, value)
  }

  putOrdered<K extends FactKind>(kind: K, value: PushMap[K]): void {
    const bytes = estimateBytes(kind, value)
    this.ordered.push({ kind, value, bytes })
    this.orderedBytes += bytes
  }

  /** Orders, trades, logs or contracts wait. */
  get hasOrdered(): boolean {
    return this.head < this.ordered.length
  }

  /** Coalesced values wait. */
  get hasLatest(): boolean {
    return this.coalescedCount > 0
  }

  /** Estimated bytes held by queued orders, trades, logs and contracts. */
  get queuedBytes(): number {
    return this.orderedBytes
  }

  /** Entries held: queued plus one per coalesced key. */
  get size(): number {
    return this.ordered.length - this.head + this.coalescedCount
  }

  /**
   * Takes what goes into the next batch: queued values in arrival order up
   * to `maxBytes` (at least one), so one batch in flight stays bounded too,
   * and, with `withLatest`, every coalesced value. The rest waits.
   */
  take(maxBytes: number, withLatest: boolean): Batch['items'] {
    let bytes = 0
    const ordered = this.ordered
    let i = this.head
    const facts = new Map<FactKind, PushMap[FactKind][]>()
    for (; i < ordered.length; i++) {
      const entry = ordered[i]
      if (bytes > 0 && bytes + entry.bytes > maxBytes) break
      bytes += entry.bytes
      let list = facts.get(entry.kind)
      if (list === undefined) facts.set(entry.kind, (list = []))
      list.push(entry.value)
    }
    this.orderedBytes -= bytes
    if (i === ordered.length) {
      this.ordered = []
      this.head = 0
    } else {
      this.head = i
      if (this.head > 1024 && this.head * 2 > ordered.length) {
        this.ordered = ordered.slice(this.head)
        this.head = 0
      }
    }
    // Written in apply order, so the batch reads in the order it is applied.
    const items: Batch['items'] = {}
    for (const kind of PUSH_KINDS) {
      if (isFact(kind)) {
        const list = facts.get(kind)
        if (list !== undefined) setItems(items, kind, list)
      } else if (withLatest) {
        const byKey = this.coalesced.get(kind)
        if (byKey === undefined || byKey.size === 0) continue
        setItems(items, kind, [...byKey.values()])
        byKey.clear()
      }
    }
    if (withLatest) this.coalescedCount = 0
    return items
  }

  clear(): void {
    this.coalesced.clear()
    this.ordered = []
    this.head = 0
    this.orderedBytes = 0
    this.coalescedCount = 0
  }
}

function setItems<K extends keyof PushMap>(items: Batch['items'], kind: K, values: PushMap[K][]): void {
  ;(items as { [P in K]?: PushMap[P][] })[kind] = values
}

/**
 * A rough size in bytes of a queued value, for the memory bound of a stalled
 * window. Objects count a fixed cost per field; text counts its length twice
 * (UTF-16), since a log message or stack trace can be long.
 */
function estimateBytes(kind: FactKind, value: PushMap[FactKind]): number {
  if (kind === 'log') {
    const log = value as PushMap['log']
    return 160 + 2 * (log.message.length + log.source.length + (log.stack?.length ?? 0))
  }
  return 480
}

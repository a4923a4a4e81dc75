/** Slots per chunk: 8 KB, small enough to be allocated young. */
const CHUNK = 1024

interface Chunk<T> {
  items: (T | undefined)[]
  next: Chunk<T> | undefined
}

function chunk<T>(): Chunk<T> {
  return { items: new Array<T | undefined>(CHUNK), next: undefined }
}

/**
 * A FIFO of fixed-size chunks, each dropped once read through.
 *
 * Not a ring buffer, on purpose: a ring's array lives long and is soon in
 * V8's old generation, and every store of a freshly allocated event into an
 * old array takes the write barrier's slow path (it was an eighth of the
 * engine's time in a tick flood). Chunks are born young, are mostly read
 * through before a scavenge, and cost one small allocation per 1024 events.
 * `Array.prototype.shift` is no option either: O(n) on large arrays.
 */
export class Queue<T> {
  private head: Chunk<T> = chunk()
  private headAt = 0
  private tail: Chunk<T> = this.head
  private tailAt = 0
  length = 0
  /** The most items it has held at once. */
  highWater = 0

  push(item: T): void {
    if (this.tailAt === CHUNK) {
      const next = chunk<T>()
      this.tail.next = next
      this.tail = next
      this.tailAt = 0
    }
    this.tail.items[this.tailAt++] = item
    if (++this.length > this.highWater) this.highWater = this.length
  }

  /** Removes and returns the oldest item; the caller checks `length` first. */
  shift(): T {
    if (this.headAt === CHUNK) {
      this.head = this.head.next as Chunk<T>
      this.headAt = 0
    }
    const items = this.head.items
    const item = items[this.headAt] as T
    items[this.headAt++] = undefined
    this.length--
    return item
  }
}

/**
 * A growable FIFO ring buffer. `Array.prototype.shift` is O(n) on large
 * arrays; with a million ticks queued that alone would blow the slice budget.
 */
export class Ring<T> {
  private buf: (T | undefined)[]
  private head = 0
  private tail = 0
  private mask: number
  length = 0
  /** The most items it has held at once. */
  highWater = 0

  constructor(capacity = 1024) {
    let size = 16
    while (size < capacity) size <<= 1
    this.buf = new Array<T | undefined>(size)
    this.mask = size - 1
  }

  push(item: T): void {
    if (this.length === this.buf.length) this.grow()
    this.buf[this.tail] = item
    this.tail = (this.tail + 1) & this.mask
    if (++this.length > this.highWater) this.highWater = this.length
  }

  /** Removes and returns the oldest item; the caller checks `length` first. */
  shift(): T {
    const item = this.buf[this.head] as T
    this.buf[this.head] = undefined
    this.head = (this.head + 1) & this.mask
    this.length--
    return item
  }

  private grow(): void {
    const old = this.buf
    const size = old.length
    const next = new Array<T | undefined>(size * 2)
    for (let i = 0; i < size; i++) next[i] = old[(this.head + i) & this.mask]
    this.buf = next
    this.head = 0
    this.tail = size
    this.mask = size * 2 - 1
  }
}

/** Where a generator is in its sequence, as plain data (null: no spare normal kept). */
export interface RandomState {
  state: number
  spare: number | null
}

/**
 * A small seeded generator (mulberry32): the same seed gives the same
 * sequence on every machine, which `Math.random` cannot.
 */
export class Random {
  private state: number
  private spare: number | undefined

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Where it is, so a restored market continues the same sequence. */
  save(): RandomState {
    return { state: this.state, spare: this.spare ?? null }
  }

  restore(saved: RandomState): void {
    this.state = saved.state
    this.spare = saved.spare ?? undefined
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== undefined) {
      const z = this.spare
      this.spare = undefined
      return z
    }
    const u = 1 - this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}

/** A seed for one stream (one instrument, the fault process), so adding a stream does not shift the others. */
export function streamSeed(seed: number, stream: string): number {
  let h = 0x811c9dc5 ^ seed
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193)
  return h >>> 0
}

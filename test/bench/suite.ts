/** What every benchmark suite exports, and what `run.ts` prints. */

export interface BenchOptions {
  /** A shorter run for iterating: fewer repetitions, smaller floods, a 5 s timer run. */
  quick: boolean
}

export interface BenchRow {
  measure: string
  value: number
  unit: string
  /** The target from engine.md, as text (`≥ 50M`); empty when the row is context only. */
  target: string
  /** Whether the target is met; undefined when the row has no target. */
  pass: boolean | undefined
  note: string
}

export interface BenchSuite {
  name: string
  run(opts: BenchOptions): Promise<BenchRow[]>
}

export function row(measure: string, value: number, unit: string, target = '', pass?: boolean, note = ''): BenchRow {
  return { measure, value, unit, target, pass, note }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The nearest-rank percentile: the smallest value with at least `p` % of the values at or below it; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** Lets pending I/O and timers run before the next measurement. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

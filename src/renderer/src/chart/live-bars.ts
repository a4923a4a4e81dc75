import { BarGenerator } from '../../../shared/bar-generator'
import type { Bar, Tick } from '../../../shared/objects'

interface Series {
  generator: BarGenerator
  /** Finished minutes, oldest first. */
  finished: Bar[]
}

/**
 * The 1-minute bars a window builds from the ticks it receives, for every
 * instrument (switching the chart shows live bars at once), with the bar
 * generator the strategies use. A chart of another interval makes its bars
 * from these (see `joinBars`); the host's history fills in before the first.
 * Each instrument keeps its latest `maxBars` minutes.
 */
export class LiveBars {
  private readonly series = new Map<string, Series>()

  constructor(readonly maxBars = 1440) {}

  update(tick: Tick): void {
    let series = this.series.get(tick.vtSymbol)
    if (series === undefined) {
      const finished: Bar[] = []
      const generator = new BarGenerator((bar) => {
        finished.push(bar)
        if (finished.length > this.maxBars) finished.splice(0, finished.length - this.maxBars)
      })
      this.series.set(tick.vtSymbol, (series = { generator, finished }))
    }
    series.generator.updateTick(tick)
  }

  /** The minutes built so far, oldest first, the one in progress last (as it stands now). */
  minutes(vtSymbol: string): Bar[] {
    const series = this.series.get(vtSymbol)
    if (series === undefined) return []
    const current = series.generator.currentBar
    return current === undefined ? [...series.finished] : [...series.finished, { ...current }]
  }

  /** When the first minute held began: the chart asks the host for history up to there. */
  firstMinute(vtSymbol: string): number | undefined {
    const series = this.series.get(vtSymbol)
    return series?.finished[0]?.datetime ?? series?.generator.currentBar?.datetime
  }

  clear(): void {
    this.series.clear()
  }
}

/**
 * The price chart on lightweight-charts v5: candles and moving averages in
 * the main pane, volume columns in a pane of their own below, fill markers
 * on the candles, and the bar under the pointer reported for the legend.
 * Only the last bar is redrawn as ticks come (`series.update()`); anything
 * else sets the data again.
 */
import {
  CandlestickSeries,
  ColorType,
  HistogramSeries,
  LineSeries,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type MouseEventParams,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import type { Interval } from '../../../shared/intervals'
import type { Bar } from '../../../shared/objects'
import { decimalsOfTick } from '../format/numbers'
import type { Palette } from '../theme/palette'
import { averageAt, chartTime, movingAverage, toCandle, toVolume } from './chart-data'

/** The volume pane's share of the height. */
const VOLUME_SHARE = 0.22

export interface ChartColours {
  palette: Palette
  /** One colour per moving average, in order. */
  averages: readonly string[]
}

export class ChartView {
  private readonly chart: IChartApi
  private readonly candles: ISeriesApi<'Candlestick'>
  private readonly volume: ISeriesApi<'Histogram'>
  private readonly markers: ISeriesMarkersPluginApi<Time>
  private averages: { period: number; series: ISeriesApi<'Line'> }[] = []
  private bars: readonly Bar[] = []
  private interval: Interval = '1m'
  private colours: ChartColours

  constructor(host: HTMLElement, colours: ChartColours) {
    this.colours = colours
    this.chart = createChart(host, { autoSize: true, ...chartOptions(colours.palette) })
    this.candles = this.chart.addSeries(CandlestickSeries, candleColours(colours.palette), 0)
    this.volume = this.chart.addSeries(
      HistogramSeries,
      { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false },
      1,
    )
    const [main, volume] = this.chart.panes()
    main.setStretchFactor(1 - VOLUME_SHARE)
    volume.setStretchFactor(VOLUME_SHARE)
    this.markers = createSeriesMarkers<Time>(this.candles, [])
  }

  setColours(colours: ChartColours): void {
    this.colours = colours
    this.chart.applyOptions(chartOptions(colours.palette))
    this.candles.applyOptions(candleColours(colours.palette))
    this.averages.forEach((average, i) => average.series.applyOptions({ color: colours.averages[i] }))
    this.volume.setData(this.bars.map((bar) => toVolume(bar, this.interval, volumeColours(colours.palette))))
  }

  /** Dates on the time axis and the crosshair's label in the user's language. */
  setLocale(locale: string): void {
    this.chart.applyOptions({ localization: { locale } })
  }

  setPricetick(pricetick: number | undefined): void {
    const tick = pricetick ?? 0.01
    const priceFormat = { type: 'price' as const, precision: decimalsOfTick(tick), minMove: tick }
    this.candles.applyOptions({ priceFormat })
    for (const { series } of this.averages) series.applyOptions({ priceFormat })
  }

  /** Shows one line per period, in the main pane. */
  setAverages(periods: readonly number[]): void {
    for (const { series } of this.averages) this.chart.removeSeries(series)
    const priceFormat = this.candles.options().priceFormat
    this.averages = periods.map((period, i) => ({
      period,
      series: this.chart.addSeries(
        LineSeries,
        {
          color: this.colours.averages[i],
          lineWidth: 1,
          priceFormat,
          priceLineVisible: false,
          lastValueVisible: false,
          crosshairMarkerVisible: false,
        },
        0,
      ),
    }))
    for (const { period, series } of this.averages) series.setData(movingAverage(this.bars, period, this.interval))
  }

  /** Draws every bar anew (another instrument, interval, or history arrived). */
  draw(bars: readonly Bar[], interval: Interval): void {
    const timeVisible = interval !== '1d'
    if (interval !== this.interval) this.chart.applyOptions({ timeScale: { timeVisible } })
    this.bars = bars
    this.interval = interval
    this.candles.setData(bars.map((bar) => toCandle(bar, interval)))
    this.volume.setData(bars.map((bar) => toVolume(bar, interval, volumeColours(this.colours.palette))))
    for (const { period, series } of this.averages) series.setData(movingAverage(bars, period, interval))
  }

  /**
   * Draws live changes: when the bars drawn are these but for the last (or a
   * new last after it), `update()` touches only those; anything else draws
   * all.
   */
  drawLast(bars: readonly Bar[]): void {
    const drawn = this.bars
    const sameLast = bars.length === drawn.length && bars.at(-1)?.datetime === drawn.at(-1)?.datetime
    const oneMore =
      drawn.length > 0 && bars.length === drawn.length + 1 && bars.at(-2)?.datetime === drawn.at(-1)?.datetime
    if (bars.length === 0 || !(sameLast || oneMore)) return this.draw(bars, this.interval)
    this.bars = bars
    for (let index = bars.length - (oneMore ? 2 : 1); index < bars.length; index++) {
      const bar = bars[index]
      this.candles.update(toCandle(bar, this.interval))
      this.volume.update(toVolume(bar, this.interval, volumeColours(this.colours.palette)))
      const time = chartTime(bar.datetime, this.interval)
      for (const { period, series } of this.averages) {
        const value = averageAt(bars, period, index)
        series.update(value === undefined ? { time } : { time, value })
      }
    }
  }

  setMarkers(markers: SeriesMarker<UTCTimestamp>[]): void {
    this.markers.setMarkers(markers)
  }

  /** Pixels per bar at the current zoom. */
  barSpacing(): number {
    const range = this.chart.timeScale().getVisibleLogicalRange()
    const width = this.chart.timeScale().width()
    return range === null || range.to <= range.from ? 6 : width / (range.to - range.from)
  }

  /** Calls `listener` with the index (into the bars drawn) of the bar under the pointer, or undefined off the bars. */
  onHover(listener: (index: number | undefined) => void): void {
    this.chart.subscribeCrosshairMove((param: MouseEventParams<Time>) => {
      const index = param.logical
      listener(
        param.point === undefined || index === undefined || index < 0 || index >= this.bars.length ? undefined : index,
      )
    })
  }

  /** Calls `listener` when the user zooms or scrolls. */
  onZoom(listener: () => void): void {
    this.chart.timeScale().subscribeVisibleLogicalRangeChange(listener)
  }

  scrollToLatest(): void {
    this.chart.timeScale().scrollToRealTime()
  }

  dispose(): void {
    this.chart.remove()
  }
}

function chartOptions(palette: Palette) {
  return {
    layout: {
      background: { type: ColorType.Solid, color: palette.panel },
      textColor: palette.muted,
      fontSize: 11,
      attributionLogo: true,
      panes: { separatorColor: palette.border, separatorHoverColor: palette.header },
    },
    grid: { vertLines: { color: palette.gridLine }, horzLines: { color: palette.gridLine } },
    rightPriceScale: { borderColor: palette.border },
    timeScale: { borderColor: palette.border, timeVisible: true, secondsVisible: false, rightOffset: 8, barSpacing: 8 },
    crosshair: {
      vertLine: { labelBackgroundColor: palette.header },
      horzLine: { labelBackgroundColor: palette.header },
    },
  }
}

function candleColours(palette: Palette) {
  return {
    upColor: palette.up,
    downColor: palette.down,
    borderUpColor: palette.up,
    borderDownColor: palette.down,
    wickUpColor: palette.up,
    wickDownColor: palette.down,
  }
}

/** Volume columns in the candles' colours, lighter so the price stays in front. */
function volumeColours(palette: Palette): { upVolume: string; downVolume: string } {
  return { upVolume: withAlpha(palette.up, 0.45), downVolume: withAlpha(palette.down, 0.45) }
}

/** `#rrggbb` with an alpha. */
function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16)
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`
}

/**
 * Rendering under load, in Chromium: the built page served by an in-process
 * host whose simulated gateway ticks 200 instruments at 10,000 ticks/s in
 * total, one instrument on the ticket and chart. Frame times are the
 * intervals between animation frames in the page; a frame longer than one
 * 60 Hz period means the main thread missed a paint.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { INSTRUMENTS, type InstrumentSpec } from '../../src/main/gateway/sim'
import { EVENT_TICK } from '../../src/shared/events'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'
import { CHROMIUM, launchChromium } from '../e2e/browser'
import { percentile, type BenchOptions, type BenchRow, type BenchSuite } from './suite'

const INSTRUMENT_COUNT = 200
const TICKS_PER_SECOND = 10_000
const FRAME_MS = 1000 / 60
const RENDERER = resolve(import.meta.dirname, '../../out/renderer')

/** 200 instruments: the six built-in ones, each copied under numbered symbols. */
function manyInstruments(): InstrumentSpec[] {
  return Array.from({ length: INSTRUMENT_COUNT }, (_, i) => {
    const base = INSTRUMENTS[i % INSTRUMENTS.length]
    return { ...base, symbol: `${base.symbol}${String(i).padStart(3, '0')}`, name: `${base.name} ${i}` }
  })
}

/**
 * Runs in the page for `ms`: the interval between animation frames, and each
 * frame's main-thread work (from the frame callback to a message posted from
 * it, which runs once style, layout and paint are done).
 */
const RECORD_FRAMES = `(ms) => new Promise((resolve) => {
  const intervals = []
  const work = []
  const channel = new MessageChannel()
  let frameStart = 0
  channel.port1.onmessage = () => work.push(performance.now() - frameStart)
  let last = performance.now()
  const end = last + ms
  const frame = (now) => {
    intervals.push(now - last)
    last = now
    frameStart = performance.now()
    channel.port2.postMessage(0)
    if (now < end) requestAnimationFrame(frame)
    else setTimeout(() => resolve({ intervals, work }), 50)
  }
  requestAnimationFrame(frame)
})`

export const renderSuite: BenchSuite = {
  name: 'render',
  async run({ quick }: BenchOptions): Promise<BenchRow[]> {
    // Missing prerequisites skip this suite with a note rather than lose the other suites' results.
    const missing = !existsSync(resolve(RENDERER, 'index.html'))
      ? 'out/renderer is missing: run `npm run build` first'
      : !existsSync(CHROMIUM)
        ? `${CHROMIUM} is missing: apt-get install -y chromium`
        : undefined
    if (missing !== undefined)
      return [{ measure: 'skipped', value: Number.NaN, unit: '', target: '', pass: undefined, note: missing }]
    const seconds = quick ? 5 : 10
    // The feed starts after an idle reference run, which shows what this machine does with no market at all.
    const desk = createTradingDesk({ sim: { instruments: manyInstruments() }, connectSim: false })
    const host = new WebSocketHost({ bridge: desk.bridge, token: 'render-bench-token-0123456789', staticDir: RENDERER })
    const url = await host.listen()
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 960 } })
      await page.goto(url)
      await page.getByRole('region', { name: 'Status', exact: true }).waitFor()
      await page.mouse.move(5, 950) // off the tables: hover hit-testing is not what is measured
      await page.waitForTimeout(1000)
      const idle = (await page.evaluate(`(${RECORD_FRAMES})(3000)`)) as { intervals: number[] }
      const idleP95 = percentile(idle.intervals, 95)
      desk.core.connect({ tickRate: TICKS_PER_SECOND / INSTRUMENT_COUNT }, 'SIM')

      const market = page.getByRole('region', { name: 'Market', exact: true })
      await market.locator('.ag-row[row-id]').first().waitFor({ timeout: 30_000 })
      await market.locator('.ag-row[row-id]').first().dblclick()
      await page.mouse.move(5, 950)
      await page.waitForTimeout(2000) // let subscriptions and the first snapshot settle

      let ticks = 0
      const stopCounting = desk.engine.register(EVENT_TICK, () => void ticks++)
      const startedAt = performance.now()
      const { intervals, work } = (await page.evaluate(`(${RECORD_FRAMES})(${seconds * 1000})`)) as {
        intervals: number[]
        work: number[]
      }
      const elapsed = (performance.now() - startedAt) / 1000
      stopCounting()

      const sorted = [...intervals].sort((a, b) => a - b)
      const sortedWork = [...work].sort((a, b) => a - b)
      const p50 = percentile(sorted, 50)
      const p95 = percentile(sorted, 95)
      const dropped = intervals.reduce((sum, interval) => sum + Math.max(0, Math.round(interval / FRAME_MS) - 1), 0)
      const note = `${INSTRUMENT_COUNT} instruments, ${seconds} s`
      return [
        {
          measure: 'ticks generated',
          value: ticks / elapsed,
          unit: 'ticks/s',
          target: '≈ 10,000',
          pass: undefined,
          note,
        },
        {
          measure: 'frame time p50',
          value: p50,
          unit: 'ms',
          target: '',
          pass: undefined,
          note: `${intervals.length} frames`,
        },
        {
          measure: 'frame time p95',
          value: p95,
          unit: 'ms',
          target: '≤ 16.7',
          pass: p95 <= 16.7 + 0.5,
          note: 'rAF interval; 0.5 ms allowed for vsync jitter',
        },
        {
          measure: 'frame time max',
          value: sorted[sorted.length - 1],
          unit: 'ms',
          target: '',
          pass: undefined,
          note: '',
        },
        {
          measure: 'reference: idle frame p95',
          value: idleP95,
          unit: 'ms',
          target: '',
          pass: undefined,
          note: 'same page, no market data: what this machine delivers at rest',
        },
        {
          measure: 'frame work p50',
          value: percentile(sortedWork, 50),
          unit: 'ms',
          target: '',
          pass: undefined,
          note: 'main thread, frame callback to after paint',
        },
        {
          measure: 'frame work p95',
          value: percentile(sortedWork, 95),
          unit: 'ms',
          target: '',
          pass: undefined,
          note: '',
        },
        {
          measure: 'dropped frames',
          value: dropped,
          unit: 'frames',
          target: '',
          pass: undefined,
          note: `of ${Math.round(seconds * 60)} at 60 Hz`,
        },
      ]
    } finally {
      await browser.close()
      await host.close()
      await desk.close()
    }
  },
}

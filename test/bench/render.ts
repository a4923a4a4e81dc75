/**
 * Rendering under load, in Chromium: the built page served by an in-process
 * host whose simulated gateway ticks 200 instruments at 10,000 ticks/s in
 * total, one instrument on the ticket and chart. Frame times are the
 * intervals between animation frames in the page; a frame longer than one
 * 60 Hz period means the main thread missed a paint.
 *
 * Measured side by side in one run: the idle page (no market) first, then,
 * taking turns in short slices so that a change in the machine's load falls
 * on all of them alike, the page as shipped, the page with cell flashing
 * turned off (what the flash costs), and the page with the market table's
 * rows out of the rendering (what drawing the grid costs).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { INSTRUMENTS, type InstrumentSpec } from '../../src/main/gateway/sim'
import { EVENT_TICK } from '../../src/shared/events'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'
import type { Page } from 'playwright-core'
import { CHROMIUM, launchChromium } from '../e2e/browser'
import { percentile, type BenchOptions, type BenchRow, type BenchSuite } from './suite'

const INSTRUMENT_COUNT = 200
const TICKS_PER_SECOND = 10_000
const FRAME_MS = 1000 / 60
/** Each variant is recorded in slices of this length, taking turns. */
const SLICE_MS = 2000
/** After switching variant, before recording: the grid re-renders, flashes fade. */
const SETTLE_MS = 500
const RENDERER = resolve(import.meta.dirname, '../../out/renderer')

/** 200 instruments: the six built-in ones, each copied under numbered symbols (the trace in render-trace.ts uses them too). */
export function manyInstruments(): InstrumentSpec[] {
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

interface Frames {
  intervals: number[]
  work: number[]
}

/** How the page is set up while a slice is recorded. */
interface Variant {
  name: string
  flash: boolean
  marketShown: boolean
}

const SHIPPED: Variant = { name: 'as shipped', flash: true, marketShown: true }
const NO_FLASH: Variant = { name: 'flash off', flash: false, marketShown: true }
const NO_MARKET: Variant = { name: 'market rows not drawn', flash: true, marketShown: false }

/** Frames that missed their 60 Hz slot: an interval of two periods dropped one. */
function droppedFrames(intervals: number[]): number {
  return intervals.reduce((sum, interval) => sum + Math.max(0, Math.round(interval / FRAME_MS) - 1), 0)
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)
}

/** Flashing is a display choice in the Settings dialog, as the trader would turn it off. */
async function setFlashing(page: Page, on: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await page.getByLabel('Flash changes').setChecked(on)
  await page.keyboard.press('Escape')
  await page.getByRole('dialog').waitFor({ state: 'detached' })
}

/**
 * Sets the page up for a variant. The market table's rows are taken out of
 * the rendering (display: none on their container) rather than the whole
 * grid: the grid still takes every update, and a grid hidden whole keeps
 * checking its size every frame, which would be measured instead.
 */
async function applyVariant(page: Page, variant: Variant, flashing: boolean): Promise<void> {
  if (variant.flash !== flashing) await setFlashing(page, variant.flash)
  await page.evaluate(
    `document.querySelector('.market-area .ag-grid-scrolling-rows').style.display = '${variant.marketShown ? '' : 'none'}'`,
  )
  await page.mouse.move(5, 950)
}

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
    const slices = quick ? 3 : 5
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
      const idle = (await page.evaluate(`(${RECORD_FRAMES})(3000)`)) as Frames
      desk.core.connect({ tickRate: TICKS_PER_SECOND / INSTRUMENT_COUNT }, 'SIM')

      const market = page.getByRole('region', { name: 'Market', exact: true })
      await market.locator('.ag-row[row-id]').first().waitFor({ timeout: 30_000 })
      await market.locator('.ag-row[row-id]').first().dblclick()
      await page.mouse.move(5, 950)
      await page.waitForTimeout(2000) // let subscriptions and the first snapshot settle

      const variants = [SHIPPED, NO_FLASH, NO_MARKET]
      const recorded = new Map<Variant, Frames>(variants.map((variant) => [variant, { intervals: [], work: [] }]))
      let ticks = 0
      let recordingMs = 0
      const stopCounting = desk.engine.register(EVENT_TICK, () => void ticks++)
      const startedAt = performance.now()
      let flashing = true
      for (let slice = 0; slice < slices; slice++) {
        for (const variant of variants) {
          await applyVariant(page, variant, flashing)
          flashing = variant.flash
          await page.waitForTimeout(SETTLE_MS)
          const frames = (await page.evaluate(`(${RECORD_FRAMES})(${SLICE_MS})`)) as Frames
          recorded.get(variant)!.intervals.push(...frames.intervals)
          recorded.get(variant)!.work.push(...frames.work)
        }
        recordingMs += SLICE_MS
      }
      const elapsed = (performance.now() - startedAt) / 1000
      stopCounting()

      const shipped = recorded.get(SHIPPED)!
      const expectedFrames = Math.round(recordingMs / FRAME_MS)
      const dropped = droppedFrames(shipped.intervals)
      const idleDropped = droppedFrames(idle.intervals)
      const workP95 = percentile(shipped.work, 95)
      const row = (measure: string, value: number, unit: string, note: string): BenchRow => ({
        measure,
        value,
        unit,
        target: '',
        pass: undefined,
        note,
      })
      /** What a variant saves against the page as shipped: the cost of what it turned off. */
      const costOf = (variant: Variant, what: string): BenchRow[] => {
        const frames = recorded.get(variant)!
        return [
          row(
            `${what}: work mean`,
            mean(shipped.work) - mean(frames.work),
            'ms',
            `per frame; ${variant.name}: ${mean(frames.work).toFixed(2)} ms`,
          ),
          row(
            `${what}: work p95`,
            workP95 - percentile(frames.work, 95),
            'ms',
            `${variant.name}: ${percentile(frames.work, 95).toFixed(2)} ms`,
          ),
          row(
            `${what}: dropped frames`,
            dropped - droppedFrames(frames.intervals),
            'frames',
            `${variant.name}: ${droppedFrames(frames.intervals)} of ${expectedFrames}`,
          ),
        ]
      }
      return [
        row(
          'ticks generated',
          ticks / elapsed,
          'ticks/s',
          `≈ 10,000 wanted; ${INSTRUMENT_COUNT} instruments, ${slices} × ${SLICE_MS / 1000} s per variant`,
        ),
        row(
          'idle: frame time p95',
          percentile(idle.intervals, 95),
          'ms',
          'same page, no market data: what this machine delivers at rest',
        ),
        row('idle: frame work p95', percentile(idle.work, 95), 'ms', ''),
        row(
          'idle: dropped frames',
          (idleDropped / Math.round(3000 / FRAME_MS)) * 100,
          '%',
          `${idleDropped} of ${Math.round(3000 / FRAME_MS)}`,
        ),
        row('frame time p50', percentile(shipped.intervals, 50), 'ms', `${shipped.intervals.length} frames`),
        row('frame time p95', percentile(shipped.intervals, 95), 'ms', 'rAF interval'),
        row('frame time max', Math.max(...shipped.intervals), 'ms', ''),
        row('frame work p50', percentile(shipped.work, 50), 'ms', 'main thread, frame callback to after paint'),
        {
          measure: 'frame work p95',
          value: workP95,
          unit: 'ms',
          target: '≤ 8',
          pass: workP95 <= 8,
          note: '',
        },
        {
          measure: 'dropped frames',
          value: (dropped / expectedFrames) * 100,
          unit: '%',
          target: '≤ 2',
          pass: dropped / expectedFrames <= 0.02,
          note: `${dropped} of ${expectedFrames} at 60 Hz`,
        },
        ...costOf(NO_FLASH, 'flash'),
        ...costOf(NO_MARKET, 'market grid'),
      ]
    } finally {
      await browser.close()
      await host.close()
      await desk.close()
    }
  },
}

/**
 * Which frames of the render benchmark are heavy, and on what: the page of
 * `render.ts` under the same feed (200 instruments, 10,000 ticks/s), traced
 * by Chromium for a few seconds. Each frame whose work (as render.ts measures
 * it) passes HEAVY_MS is listed with the main-thread tasks around it and
 * what they spent their time on (script by source line, style, layout,
 * paint, layerisation), then the totals per kind over all heavy frames.
 *
 * `npx tsx test/bench/render-trace.ts [trace.json]` after `npm run build`,
 * under the heavy lock. The trace file opens in Chromium's DevTools
 * (Performance, Load profile) to look further.
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { WebSocketHost } from '../../src/main/hosts/websocket-host'
import { launchChromium } from '../e2e/browser'
import { manyInstruments } from './render'

const TRACED_MS = 4000
/** A frame costing more than this is listed: the benchmark's target is a p95 of 8 ms. */
const HEAVY_MS = 8
const RENDERER = resolve(import.meta.dirname, '../../out/renderer')
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel']

/** render.ts's frame recorder, marking each heavy frame in the trace (a user timing measure). */
const MARK_HEAVY_FRAMES = `(ms) => new Promise((resolve) => {
  const work = []
  const channel = new MessageChannel()
  let frameStart = 0
  channel.port1.onmessage = () => {
    const took = performance.now() - frameStart
    work.push(took)
    if (took > ${HEAVY_MS}) performance.measure('heavy frame', { start: frameStart, end: performance.now() })
  }
  const end = performance.now() + ms
  const frame = (now) => {
    frameStart = performance.now()
    channel.port2.postMessage(0)
    if (now < end) requestAnimationFrame(frame)
    else setTimeout(() => resolve(work), 50)
  }
  requestAnimationFrame(frame)
})`

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number } }
}

/** The renderer's main thread: the busiest thread named CrRendererMain. */
function mainThreadOf(events: TraceEvent[]): string {
  const named = new Set(
    events.filter((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  )
  const counts = new Map<string, number>()
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`
    if (named.has(thread)) counts.set(thread, (counts.get(thread) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0][0]
}

/** Script named by where it is (bundle line), so the chart library and the store tell apart. */
function describe(e: TraceEvent): string {
  const data = e.args?.data
  if (e.name !== 'FunctionCall' || data === undefined) return e.name
  const where = data.url ? `${data.url.split('/').pop()}:${data.lineNumber}` : ''
  return `script ${data.functionName || '(anonymous)'} ${where}`.trim()
}

const TASK = 'ThreadControllerImpl::RunTask'
/** Wrappers whose time is their children's. */
const WRAPPERS = /RunTask|SimpleWatcher|RunMicrotasks|V8\.|FireAnimationFrame|TimerFire|EventDispatch/

function attribute(events: TraceEvent[]): void {
  const main = mainThreadOf(events)
  const slices = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts)
  const starts = events.filter((e) => e.name === 'heavy frame' && e.ph === 'b').map((e) => e.ts)
  const ends = events.filter((e) => e.name === 'heavy frame' && e.ph === 'e').map((e) => e.ts)
  const origin = slices[0]?.ts ?? 0
  const totals = new Map<string, number>()
  starts.forEach((start, i) => {
    const end = ends[i] ?? start
    console.log(`\nheavy frame at ${((start - origin) / 1000).toFixed(0)} ms: ${((end - start) / 1000).toFixed(1)} ms`)
    for (const task of slices.filter((e) => e.name === TASK && e.ts < end && e.ts + e.dur! > start)) {
      const parts = slices.filter(
        (e) => e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! > 200 && !WRAPPERS.test(e.name),
      )
      for (const part of parts) totals.set(describe(part), (totals.get(describe(part)) ?? 0) + part.dur! / 1000)
      const listed = parts.map((part) => `${describe(part)} ${(part.dur! / 1000).toFixed(1)}`).join(', ')
      console.log(`  task ${(task.dur! / 1000).toFixed(1)} ms: ${listed}`)
    }
  })
  console.log(`\n${starts.length} heavy frames; ms per heavy frame, by kind:`)
  for (const [kind, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`  ${kind.padEnd(50)} ${(ms / Math.max(1, starts.length)).toFixed(2)}`)
}

async function main(): Promise<void> {
  const desk = createTradingDesk({ sim: { instruments: manyInstruments() }, connectSim: false })
  const host = new WebSocketHost({ bridge: desk.bridge, token: 'render-trace-token-0123456789', staticDir: RENDERER })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 960 } })
    await page.goto(await host.listen())
    await page.getByRole('region', { name: 'Status', exact: true }).waitFor()
    desk.core.connect({ tickRate: 10_000 / manyInstruments().length }, 'SIM')
    const firstRow = page.getByRole('region', { name: 'Market', exact: true }).locator('.ag-row[row-id]').first()
    await firstRow.waitFor({ timeout: 30_000 })
    await firstRow.dblclick()
    await page.mouse.move(5, 950)
    await page.waitForTimeout(2000)
    await browser.startTracing(page, { categories: CATEGORIES })
    const work = (await page.evaluate(`(${MARK_HEAVY_FRAMES})(${TRACED_MS})`)) as number[]
    const trace = await browser.stopTracing()
    const out = process.argv[2]
    if (out !== undefined) writeFileSync(out, trace)
    attribute((JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents)
    const heavy = work.filter((ms) => ms > HEAVY_MS).length
    console.log(`\n${heavy} of ${work.length} frames over ${HEAVY_MS} ms while traced (tracing itself adds to each)`)
  } finally {
    await browser.close()
    await host.close()
    await desk.close()
  }
}

void main()

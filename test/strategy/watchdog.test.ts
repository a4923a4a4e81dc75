/**
 * A strategy that spins, or whose onInit never settles, costs that strategy
 * alone (issue 13, defects 2 and 3). On the engine's own thread a
 * `while (true) {}` in onTick froze every window and every other strategy
 * until the process was killed, and an onInit that never settled left the
 * instance `initing` for good, its init never answered.
 */
import { describe, expect, it } from 'vitest'
import { IF, startStrategySession, strategyFile, type StrategySession } from './harness'

/** Counts its ticks and shows the count at once. */
const COUNTER = strategyFile('CounterStrategy', `onTick() { this.vars.ticks++; this.putEvent() }`, {
  vars: { ticks: 0 },
})

/** Rests a bid far under the market once it trades, then spins on its fifth tick: for `spinMs`, or forever (0). */
const SPINNER = strategyFile(
  'SpinnerStrategy',
  `seen = 0
  onTick(tick) {
    if (!this.trading) return
    if (this.vars.quote === '') this.vars.quote = this.buy(tick.bidPrice1 - 50, 1).join(' ')
    if (++this.seen !== 5) return
    this.writeLog('spinning')
    const end = Date.now() + this.params.spinMs
    while (this.params.spinMs === 0 || Date.now() < end) {}
  }`,
  { vars: { quote: '' }, parameters: [{ name: 'spinMs', type: 'integer', default: 0 }] },
)

/** onInit waits for history and then for `waitMs` of timers (I/O, not work); forever when `waitMs` is 0. */
const SLOW_INIT = strategyFile(
  'SlowInitStrategy',
  `async onInit() {
    await this.loadBars(1)
    await new Promise((resolve) => { if (this.params.waitMs > 0) setTimeout(resolve, this.params.waitMs) })
  }`,
  { parameters: [{ name: 'waitMs', type: 'integer', default: 0 }] },
)

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Moves the clock and lets the engine dispatch, without waiting for any worker (one may be spinning). */
async function runEngineOnly(s: StrategySession, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    s.scheduler.advance(100)
    await s.engine.idle()
    await sleep(5)
  }
}

describe('the watchdog', () => {
  it('ends a strategy that spins in onTick after the limit and cancels its orders; meanwhile the engine and other strategies run', async () => {
    const s = await startStrategySession({ busyLimit: 1, files: { 'spinner.js': SPINNER, 'counter.js': COUNTER } })
    await s.strategies.add('SpinnerStrategy', 'spin', IF, {})
    await s.strategies.add('CounterStrategy', 'count', IF, {})
    for (const name of ['spin', 'count']) await s.strategies.init(name)
    for (const name of ['spin', 'count']) await s.strategies.start(name)

    // It spins from its fifth tick on: only the engine is waited for.
    let ticksWhenSpinning: number | undefined
    let stepsWhileSpinning = 0
    while (s.state('spin').status !== 'error') {
      await runEngineOnly(s, 1)
      if (ticksWhenSpinning === undefined && s.logs('spin').some((l) => l.message === 'spinning'))
        ticksWhenSpinning = Number(s.state('count').variables.ticks)
      else if (ticksWhenSpinning !== undefined) stepsWhileSpinning++
    }
    expect(ticksWhenSpinning).toBeDefined()
    // The engine dispatched and the counter kept counting while the spinner's thread was busy.
    expect(stepsWhileSpinning).toBeGreaterThan(5)
    expect(Number(s.state('count').variables.ticks)).toBeGreaterThan(ticksWhenSpinning!)
    expect(s.engine.metrics().longestSliceMs).toBeLessThan(1000)

    expect(s.state('spin')).toMatchObject({ status: 'error', error: 'onTick ran over 1 s' })
    await s.engine.idle()
    expect(s.logs('spin', 'ERROR').map((l) => l.message)).toEqual(['Strategy spin stopped: onTick ran over 1 s'])
    // The bid it rested before it spun is cancelled.
    await s.run(500)
    expect(
      s.main
        .getAllOrders()
        .filter((o) => o.reference === 'spin')
        .map((o) => o.status),
    ).toEqual(['CANCELLED'])
    expect(s.state('count').status).toBe('trading')
  }, 60_000)

  it('ends a strategy that runs a while past the limit, naming the callback, and it can be inited again', async () => {
    const s = await startStrategySession({ busyLimit: 0.3, files: { 'spinner.js': SPINNER } })
    await s.strategies.add('SpinnerStrategy', 'spin', IF, { spinMs: 5000 })
    await s.strategies.init('spin')
    await s.strategies.start('spin')
    while (s.state('spin').status !== 'error') await runEngineOnly(s, 1)
    expect(s.state('spin').error).toBe('onTick ran over 0.3 s')
    expect(await s.strategies.init('spin')).toMatchObject({ status: 'inited' })
  }, 60_000)

  it('does not count time an onInit spends awaiting I/O', async () => {
    const s = await startStrategySession({ busyLimit: 0.2, files: { 'slow.js': SLOW_INIT } })
    await s.strategies.add('SlowInitStrategy', 'slow', IF, { waitMs: 800 })
    expect(await s.strategies.init('slow')).toMatchObject({ status: 'inited' })
  })

  it('fails an onInit that never settles after its time limit; the instance can then be edited, inited again or removed', async () => {
    const s = await startStrategySession({ initTimeout: 0.5, files: { 'slow.js': SLOW_INIT } })
    await s.strategies.add('SlowInitStrategy', 'slow', IF, {})
    const state = await s.strategies.init('slow')
    expect(state).toMatchObject({ status: 'error', error: 'onInit did not finish within 0.5 s' })
    await s.settle()
    expect(s.logs('slow', 'ERROR').map((l) => l.message)).toEqual([
      'Strategy slow stopped: onInit did not finish within 0.5 s',
    ])

    expect(await s.strategies.edit('slow', { waitMs: 10 })).toMatchObject({
      status: 'error',
      parameters: { waitMs: 10 },
    })
    expect(await s.strategies.init('slow')).toMatchObject({ status: 'inited' })
    await s.strategies.stop('slow')
    await s.strategies.edit('slow', { waitMs: 0 })
    expect(await s.strategies.init('slow')).toMatchObject({ status: 'error' })
    await s.strategies.remove('slow')
    expect(s.strategies.getAllStates()).toEqual([])
  }, 60_000)
})

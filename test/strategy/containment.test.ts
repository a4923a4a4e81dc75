/**
 * A throw or rejection anywhere in strategy code costs that strategy alone
 * (issue 13, defect 1): it is stopped in error with the message and stack in
 * the log, its working orders are cancelled, and the desk and every other
 * strategy carry on. On the engine's own thread an async callback that threw,
 * or a timer in strategy code that threw, ended the whole process.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IF, startStrategySession, strategyFile, type StrategySession } from './harness'

/**
 * Rests a bid far under the market as soon as it trades, then, a few ticks
 * later, fails the way `failure` writes it. `async` makes onTick an async method.
 */
function fragile(className: string, failure: string, { async = false } = {}): string {
  return strategyFile(
    className,
    `seen = 0
  ${async ? 'async ' : ''}onTick(tick) {
    if (!this.trading) return
    if (this.vars.quote === '') {
      this.vars.quote = this.buy(tick.bidPrice1 - 50, 1).join(' ')
      return
    }
    if (++this.seen === 3) { ${failure} }
  }`,
    { vars: { quote: '' } },
  )
}

const FILES = {
  'sync.js': fragile('SyncThrow', `throw new Error('sync boom')`),
  'async.js': fragile('AsyncThrow', `throw new Error('async boom')`, { async: true }),
  'timer.js': fragile('TimerThrow', `setTimeout(() => { throw new Error('timer boom') }, 0)`),
  'promise.js': fragile('LostPromise', `Promise.reject(new Error('nobody awaited me'))`),
}

/** The fragile strategy `bad` and the grid `good`, both trading; runs until `bad` has failed. */
async function runBeside(className: string, s?: StrategySession): Promise<StrategySession> {
  s ??= await startStrategySession({ files: FILES })
  await s.strategies.add(className, 'bad', IF, {})
  await s.strategies.add('GridStrategy', 'good', IF, { gridStep: 1 })
  for (const name of ['bad', 'good']) await s.strategies.init(name)
  for (const name of ['bad', 'good']) await s.strategies.start(name)
  await s.run(1000)
  expect(s.main.getAllActiveOrders().filter((o) => o.reference === 'bad')).toHaveLength(1)
  await s.until(() => s.state('bad').status === 'error')
  await s.run(2 * 60_000)
  return s
}

function expectContained(s: StrategySession, reason: string, file: string): void {
  const bad = s.state('bad')
  expect(bad).toMatchObject({ status: 'error', error: reason, variables: { inited: false, trading: false } })
  const [log] = s.logs('bad', 'ERROR')
  expect(log.message).toBe(`Strategy bad stopped: ${reason}`)
  // A window in another language shows it from its code.
  expect(log).toMatchObject({ code: 'strategy.halted', params: { strategy: 'bad', reason } })
  expect(log.stack).toContain(file)
  // Its resting bid was cancelled; the grid beside it kept trading.
  const own = s.main.getAllOrders().filter((o) => o.reference === 'bad')
  expect(own.map((o) => o.status)).toEqual(['CANCELLED'])
  expect(s.state('good').status).toBe('trading')
  expect(s.main.getAllTrades().filter((t) => t.reference === 'good').length).toBeGreaterThan(0)
  expect(s.engine.isActive).toBe(true)
}

describe('a strategy whose code throws or rejects', () => {
  it('that throws in a callback is stopped alone', async () => {
    expectContained(await runBeside('SyncThrow'), 'onTick threw: sync boom', 'sync.js')
  }, 60_000)

  it('whose async callback rejects is stopped alone, the callback named', async () => {
    expectContained(await runBeside('AsyncThrow'), 'onTick rejected: async boom', 'async.js')
  }, 60_000)

  it('whose setTimeout callback throws is stopped alone', async () => {
    const s = await runBeside('TimerThrow')
    expectContained(s, 'strategy code threw outside a callback: timer boom', 'timer.js')
  }, 60_000)

  it('that leaves a rejected promise nobody awaits is stopped alone', async () => {
    const s = await runBeside('LostPromise')
    expectContained(s, 'strategy code threw outside a callback: nobody awaited me', 'promise.js')
  }, 60_000)

  it('whose file throws when its worker loads it is stopped alone, and can be inited again once fixed', async () => {
    const s = await startStrategySession({ files: FILES })
    await s.strategies.add('SyncThrow', 'bad', IF, {})
    await s.strategies.add('GridStrategy', 'good', IF, { gridStep: 1 })
    await s.strategies.init('good')
    await s.strategies.start('good')
    // The user breaks the file: its code now rejects a promise as it loads.
    const source = FILES['sync.js']
    writeFileSync(join(s.dir, 'sync.js'), `Promise.reject(new Error('broken at load'))\n${source}`)

    const state = await s.strategies.init('bad')
    await s.until(() => s.state('bad').status === 'error')
    expect(['initing', 'error']).toContain(state.status)
    await s.settle()
    const [log] = s.logs('bad', 'ERROR')
    expect(log.message).toBe('Strategy bad stopped: strategy code threw outside a callback: broken at load')
    expect(log.stack).toContain('sync.js')
    await s.run(60_000)
    expect(s.state('good').status).toBe('trading')

    // A throw as it loads, the same.
    writeFileSync(join(s.dir, 'sync.js'), `throw new Error('typo')\n${source}`)
    expect(await s.strategies.init('bad')).toMatchObject({
      status: 'error',
      error: 'its file failed to load: typo',
    })
    writeFileSync(join(s.dir, 'sync.js'), source)
    expect(await s.strategies.init('bad')).toMatchObject({ status: 'inited' })
  }, 60_000)
})

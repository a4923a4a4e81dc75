/**
 * The lifecycle of vnpy's CTA manager (issue 13, defect 7): after Stop an
 * instance is "stopped" and still inited, so Start needs no new Init; Stop
 * releases its tick and timer handlers and Start takes them again; Edit
 * changes parameters in place and keeps the variables. And the engine refuses
 * exactly what the shared table (and so the strategy card) does not offer.
 */
import { describe, expect, it } from 'vitest'
import type { StrategyStatus } from '../../src/shared/strategy'
import { canDo, type StrategyAction } from '../../src/shared/strategy-lifecycle'
import { IF, netVolume, startStrategySession, strategyFile, type StrategySession } from './harness'

/** Throws in onTick when its `fail` parameter says so: the way into the error state. */
const FAILING = strategyFile('FailingStrategy', `onTick() { if (this.params.fail) throw new Error('told to') }`, {
  parameters: [{ name: 'fail', type: 'boolean', default: false }],
})

describe('the strategy lifecycle', () => {
  it('stops into "stopped", still inited, releasing its handlers; starts again without init, taking them again', async () => {
    const s = await startStrategySession()
    const baseline = s.engine.handlerCount()
    await s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, maxPos: 3 })
    await s.strategies.init('grid')
    await s.strategies.start('grid')
    await s.run(3 * 60_000)
    const running = s.engine.handlerCount()
    expect(running).toBeGreaterThan(baseline)

    const stopped = await s.strategies.stop('grid')
    expect(stopped).toMatchObject({ status: 'stopped', variables: { inited: true, trading: false } })
    expect(s.engine.handlerCount()).toBe(baseline)
    const { fills, pos } = stopped.variables
    expect(fills).toBeGreaterThan(0)

    // Start again, no Init: it trades on from where it was, its variables intact.
    expect(await s.strategies.start('grid')).toMatchObject({
      status: 'trading',
      variables: { inited: true, trading: true, fills, pos },
    })
    expect(s.engine.handlerCount()).toBe(running)
    await s.run(3 * 60_000)
    const own = s.main.getAllTrades().filter((t) => t.reference === 'grid')
    expect(own.length).toBeGreaterThan(Number(fills))
    expect(s.state('grid').variables).toMatchObject({ fills: own.length, pos: netVolume(own) })
  }, 60_000)

  it('edits parameters in place: status and variables stay, and the strategy uses the new values', async () => {
    const s = await startStrategySession()
    await s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, maxPos: 3 })
    await s.strategies.init('grid')
    await s.strategies.start('grid')
    await s.run(3 * 60_000)
    const stopped = await s.strategies.stop('grid')

    const edited = await s.strategies.edit('grid', { gridStep: 40, gridLevels: 1 })
    expect(edited).toMatchObject({ status: 'stopped', variables: stopped.variables })
    expect(edited.parameters).toMatchObject({ gridStep: 40, gridLevels: 1, maxPos: 3 })

    await s.strategies.start('grid')
    await s.run(1000)
    // One level each side, 40 ticks (0.2 each) from the centre it laid them around.
    const working = s.main.getAllActiveOrders().filter((o) => o.reference === 'grid')
    expect(working).toHaveLength(2)
    const center = Number(s.state('grid').variables.center)
    expect(working.map((o) => Math.abs(o.price - center)).sort()).toEqual([8, 8])
  }, 60_000)

  it('allows in each state exactly the actions the shared table allows', async () => {
    const s = await startStrategySession({ files: { 'failing.js': FAILING } })
    const actions: StrategyAction[] = ['init', 'start', 'stop', 'edit', 'remove']
    /** Puts a fresh instance `name` in `status`. */
    const reach: Record<
      Exclude<StrategyStatus, 'initing' | 'unrestored' | 'removed'>,
      (name: string) => Promise<unknown>
    > = {
      added: async () => {},
      inited: (name) => s.strategies.init(name),
      trading: async (name) => {
        await s.strategies.init(name)
        await s.strategies.start(name)
      },
      stopped: async (name) => {
        await s.strategies.init(name)
        await s.strategies.stop(name)
      },
      error: async (name) => {
        await s.strategies.init(name)
        await s.until(() => s.state(name).status === 'error')
      },
    }
    let n = 0
    const fresh = async (status: StrategyStatus): Promise<string> => {
      const name = `s${++n}`
      // A built-in where it can be (no worker to check its parameters), the failing one for the error state.
      if (status === 'error') await s.strategies.add('FailingStrategy', name, IF, { fail: true })
      else await s.strategies.add('GridStrategy', name, IF, { gridStep: 100 })
      await reach[status as keyof typeof reach](name)
      expect(s.state(name).status).toBe(status)
      return name
    }
    for (const status of Object.keys(reach) as StrategyStatus[]) {
      // A refusal changes nothing, so one instance hears them all; each action done needs a fresh one.
      const refusals = await fresh(status)
      for (const action of actions) {
        const name = canDo(status, action) ? await fresh(status) : refusals
        expect(await outcome(s, name, action), `${action} when ${status}`).toBe(canDo(status, action))
      }
    }
  }, 120_000)
})

/** Whether the engine did `action`, or refused it as not allowed in the instance's state. */
async function outcome(s: StrategySession, name: string, action: StrategyAction): Promise<boolean> {
  const run = {
    init: () => s.strategies.init(name),
    start: () => s.strategies.start(name),
    stop: () => s.strategies.stop(name),
    edit: () => s.strategies.edit(name, {}),
    remove: () => s.strategies.remove(name),
  }[action]
  try {
    await run()
    return true
  } catch (err) {
    expect(err).toMatchObject({ code: 'FAILED_PRECONDITION' })
    return false
  }
}

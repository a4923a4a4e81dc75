/**
 * Per-session rate limits (issue 10, defect 6): one window's or client's
 * flood is refused for that session alone, and the desk-wide risk caps stay
 * as the last line.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Result } from '../../src/shared/contract'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { createHarness, crossingOrder, TestWindow, type Harness } from './harness'

const RB = 'rb2701.SHFE'
let harness: Harness
afterEach(() => harness.close())

async function ready(options: Parameters<typeof createHarness>[0] = {}): Promise<[TestWindow, TestWindow]> {
  harness = createHarness(options)
  await harness.settle()
  const a = new TestWindow(harness.desk)
  const b = new TestWindow(harness.desk)
  await a.invoke('market:subscribe', { vtSymbols: [RB] })
  await harness.run(300)
  return [a, b]
}

/** A limit order far from the market: it rests, working, until cancelled. */
function restingOrder() {
  const order = crossingOrder(harness.desk, RB)
  return { ...order, price: harness.desk.core.getTick(RB)!.bidPrice1 - 50 }
}

function exhausted(replies: Result<unknown>[]): Result<unknown>[] {
  return replies.filter((reply) => !reply.ok && reply.error.code === 'RESOURCE_EXHAUSTED')
}

describe('per-session rate limits', () => {
  it("refuses one window's order flood for that window alone: another window's order still goes through", async () => {
    const [flooder, other] = await ready()
    const perSecond = DEFAULT_SETTINGS['session.ordersPerSecond']
    const replies = await Promise.all(Array.from({ length: 200 }, () => flooder.invoke('order:send', restingOrder())))
    const reply = await other.invoke('order:send', restingOrder())
    expect(reply.ok).toBe(true)
    await harness.settle()
    const order = harness.desk.core.getOrder((reply as { value: { vtOrderId: string } }).value.vtOrderId)
    expect(order?.status).toBe('NOTTRADED')

    const refused = exhausted(replies)
    expect(refused).toHaveLength(200 - perSecond)
    expect(refused[0]).toEqual({
      ok: false,
      error: {
        code: 'RESOURCE_EXHAUSTED',
        message: expect.stringMatching(new RegExp(`this session .*${perSecond} orders a second`, 'i')),
        detail: { code: 'session.tooManyOrders', params: { perSecond } },
      },
    })

    // The flood's session recovers once its second has passed.
    await harness.run(1000, 100)
    expect((await flooder.invoke('order:send', restingOrder())).ok).toBe(true)
  })

  it("caps one session's working orders, so its resting flood cannot fill the desk's cap for everyone", async () => {
    const [flooder, other] = await ready()
    const cap = DEFAULT_SETTINGS['session.maxWorkingOrders']
    const replies: Result<unknown>[] = []
    for (let second = 0; second < 10; second++) {
      for (let i = 0; i < DEFAULT_SETTINGS['session.ordersPerSecond']; i++)
        replies.push(await flooder.invoke('order:send', restingOrder()))
      await harness.run(1000, 100)
    }
    expect(harness.desk.core.getAllActiveOrders()).toHaveLength(cap)
    expect(exhausted(replies)[0]).toMatchObject({
      error: { message: expect.stringMatching(new RegExp(`${cap} working orders`)) },
    })
    const reply = await other.invoke('order:send', restingOrder())
    await harness.settle()
    const order = harness.desk.core.getOrder((reply as { value: { vtOrderId: string } }).value.vtOrderId)
    expect(order?.status).toBe('NOTTRADED')

    // Cancelling frees the session's room.
    await flooder.invoke('order:cancelAll', {})
    await harness.run(1000, 100)
    expect((await flooder.invoke('order:send', restingOrder())).ok).toBe(true)
  })

  it("refuses one session's command flood, malformed commands included, while another session is answered", async () => {
    const [flooder, other] = await ready()
    const session = flooder.session
    const replies = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        harness.desk.bridge.handle(session, i % 2 ? 'stats:get' : 'no:such', i % 3 ? {} : null),
      ),
    )
    const perSecond = DEFAULT_SETTINGS['session.commandsPerSecond']
    expect(exhausted(replies)).toHaveLength(2000 - perSecond)
    expect(exhausted(replies)[0]).toMatchObject({
      error: { message: expect.stringMatching(new RegExp(`this session .*${perSecond} commands a second`, 'i')) },
    })
    expect(await other.invoke('stats:get', {})).toMatchObject({ ok: true, value: { sessions: 2 } })
    // Acknowledgements are the session's own flow control: never refused.
    expect(await flooder.ack()).toEqual({ ok: true, value: null })
    // One warning per flood in the log, naming the session, not one per refused command.
    await harness.settle()
    const warnings = harness.desk.core.getAllLogs().filter((log) => /commands a second/.test(log.message))
    expect(warnings).toHaveLength(1)
    expect(warnings[0].message).toContain(session.label)
  })

  it('logs one warning for a sustained flood, and one more for a flood after a quiet second', async () => {
    const [flooder] = await ready()
    const warnings = () => harness.desk.core.getAllLogs().filter((log) => /commands a second/.test(log.message))
    const flood = async (ms: number): Promise<void> => {
      for (let t = 0; t < ms; t += 50) {
        await Promise.all(Array.from({ length: 20 }, () => flooder.invoke('stats:get', {})))
        await harness.run(50, 50)
      }
    }
    await flood(3000) // 400 commands a second against a limit of 100
    expect(warnings()).toHaveLength(1)
    await harness.run(1500, 100)
    await flood(1000)
    expect(warnings()).toHaveLength(2)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION } from '../../src/shared/protocol'
import { createHarness, TestWindow, type Harness } from './harness'

const harnesses: Harness[] = []
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close()
})

function desk(): Harness {
  const harness = createHarness({ connect: false })
  harnesses.push(harness)
  return harness
}

describe("the host's protocol version and run", () => {
  it('names the protocol version and the desk run in the first batch, in every resync and in snapshot:get', async () => {
    const harness = desk()
    const window = new TestWindow(harness.desk)
    await window.invoke('session:subscribe', {})
    await harness.run(50)
    const first = window.batches[0]
    expect(first.seq).toBe(1)
    expect(first.snapshot?.protocolVersion).toBe(PROTOCOL_VERSION)
    const run = first.snapshot!.hostSessionId
    expect(run).toMatch(/\S{8,}/)

    await window.invoke('session:subscribe', {})
    await harness.run(50)
    expect(window.batches.at(-1)?.snapshot).toMatchObject({ protocolVersion: PROTOCOL_VERSION, hostSessionId: run })
    expect(await window.invoke('snapshot:get', {})).toMatchObject({
      ok: true,
      value: { protocolVersion: PROTOCOL_VERSION, hostSessionId: run },
    })
    // One id per run, whoever asks: the bridge, the desk (NATS publishes it), every snapshot.
    expect(harness.desk.hostSessionId).toBe(run)
    expect(harness.desk.bridge.sessionInfo).toEqual({ protocolVersion: PROTOCOL_VERSION, hostSessionId: run })
  })

  it('gives every window of one desk the same run, and a restarted desk a new one', async () => {
    const harness = desk()
    const runOf = async (h: Harness): Promise<string | undefined> => {
      const window = new TestWindow(h.desk)
      await window.invoke('session:subscribe', {})
      await h.run(50)
      return window.batches[0].snapshot?.hostSessionId
    }
    const run = await runOf(harness)
    expect(await runOf(harness)).toBe(run)
    await harness.close()
    expect(await runOf(desk())).not.toBe(run)
  })
})

/**
 * Where a monitor starts reading a remote desk's stream: right after the last
 * message it applied (its cursor), or, for a monitor new to the desk or one
 * whose cursor the stream no longer holds, at the start of the day. Stream
 * sequences count on across the desk's restarts, so a cursor stays good
 * whatever the desk did meanwhile.
 */
import { DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'

/** How far into a remote desk's stream a monitor has applied. */
export interface MirrorCursor {
  hostSessionId: string
  streamSeq: number
}

/** Where a monitor keeps its cursors between runs (its journal). */
export interface MirrorCursorStore {
  load(gatewayName: string): MirrorCursor | undefined
  save(gatewayName: string, cursor: MirrorCursor): void
}

/** Midnight UTC of the day `time` falls in. */
function startOfDay(time: number): number {
  return Math.floor(time / 86_400_000) * 86_400_000
}

export interface Replay {
  messages: ConsumerMessages
  /** Nothing to replay: the stream held nothing after the start when it was opened. */
  caughtUp: boolean
  /** The cursor could not be used (the stream dropped what came after it): the day is replayed instead. */
  gap: boolean
}

export async function openReplay(
  nc: NatsConnection,
  stream: string,
  cursor: MirrorCursor | undefined,
  now: number,
): Promise<Replay> {
  const { first_seq: first, last_seq: last } = (await (await jetstreamManager(nc)).streams.info(stream)).state
  const usable = cursor !== undefined && cursor.streamSeq <= last && cursor.streamSeq + 1 >= first
  const consumer = await jetstream(nc).consumers.get(
    stream,
    usable
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: cursor.streamSeq + 1 }
      : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(startOfDay(now)).toISOString() },
  )
  const caughtUp = (await consumer.info()).num_pending === 0
  return { messages: await consumer.consume(), caughtUp, gap: cursor !== undefined && !usable }
}

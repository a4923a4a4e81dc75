/**
 * Puts a desk's durable events (orders, trades, logs, strategy state) into its
 * JetStream stream, in order, exactly once, across lost connections.
 *
 * Each message carries a message id (`host:seq`), so the stream drops a copy it
 * already stored (JetStream's duplicate window). Messages are pipelined; the
 * first failure (the connection dropped, no answer in time) stops sending, and
 * once the link is back everything not yet acknowledged is sent again in the
 * original order. So a monitor replaying the stream sees each event once, in
 * the order the desk's engine dispatched it.
 */
import type { JetStreamClient } from '@nats-io/jetstream'

interface Pending {
  subject: string
  payload: string
  msgId: string
  acked: boolean
}

export interface DurableOutboxOptions {
  /** Messages sent and not yet acknowledged, at most. Default 256. */
  window?: number
  /** Messages kept while the link is down, at most; past it the oldest are dropped and counted. Default 100,000. */
  capacity?: number
  /** How long one acknowledgement may take before the link counts as down. Default 5 s. */
  ackTimeoutMs?: number
  /** Told once per outage about dropped messages, and about failures. */
  log?: (message: string) => void
}

export class DurableOutbox {
  private readonly queue: Pending[] = []
  private js: JetStreamClient | undefined
  /** Index in `queue` of the next message to send. */
  private next = 0
  private inFlight = 0
  private failed = false
  private dropped = 0
  private readonly window: number
  private readonly capacity: number
  private readonly ackTimeoutMs: number
  /** The stream sequence of the newest message the stream acknowledged: a snapshot reflects at least this much. */
  lastStreamSeq = 0

  constructor(private readonly options: DurableOutboxOptions = {}) {
    this.window = options.window ?? 256
    this.capacity = options.capacity ?? 100_000
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000
  }

  /** The stream holds this much already (found when attaching). */
  noteStreamSeq(seq: number): void {
    if (seq > this.lastStreamSeq) this.lastStreamSeq = seq
  }

  /** Messages not yet stored in the stream. */
  get pending(): number {
    return this.queue.length
  }

  /** Messages given up because the outage outlasted the capacity. */
  get droppedCount(): number {
    return this.dropped
  }

  push(subject: string, payload: string, msgId: string): void {
    if (this.queue.length >= this.capacity) {
      // The head may be in flight: only an unsent message can be dropped without confusing the counters.
      if (this.next === 0 && this.inFlight === 0) {
        this.queue.shift()
        if (this.dropped++ === 0)
          this.options.log?.('NATS stream unreachable for long: dropping the oldest unsent events')
      }
    }
    this.queue.push({ subject, payload, msgId, acked: false })
    this.pump()
  }

  /** The link is up (again): send everything not yet acknowledged, in order. */
  attach(js: JetStreamClient): void {
    this.js = js
    if (this.inFlight === 0) this.restart()
    this.pump()
  }

  /** The link is down: stop sending until `attach`. */
  detach(): void {
    this.js = undefined
  }

  private restart(): void {
    this.failed = false
    this.next = 0
  }

  private pump(): void {
    const js = this.js
    if (js === undefined || this.failed) return
    while (this.next < this.queue.length && this.inFlight < this.window) {
      const message = this.queue[this.next++]
      if (message.acked) continue
      this.inFlight++
      js.publish(message.subject, message.payload, { msgID: message.msgId, timeout: this.ackTimeoutMs }).then(
        (ack) => {
          message.acked = true
          if (ack.seq > this.lastStreamSeq) this.lastStreamSeq = ack.seq
          this.settle()
        },
        (err: unknown) => {
          if (!this.failed) this.options.log?.(`NATS stream did not store an event: ${(err as Error).message ?? err}`)
          this.failed = true
          this.settle()
        },
      )
    }
  }

  private settle(): void {
    this.inFlight--
    let done = 0
    while (done < this.queue.length && this.queue[done].acked) done++
    if (done > 0) {
      this.queue.splice(0, done)
      this.next = Math.max(0, this.next - done)
    }
    if (this.failed && this.inFlight === 0) {
      // Everything sent has settled: start again from the first unacknowledged one once the link is back.
      this.next = 0
      if (this.js !== undefined) setTimeout(() => this.retry(), 500).unref()
      return
    }
    this.pump()
  }

  private retry(): void {
    if (this.inFlight > 0 || this.js === undefined) return
    this.restart()
    this.pump()
  }
}

import { randomBytes } from 'node:crypto'
import { WebSocket } from 'ws'
import type { SendBudget } from './send-budget'

/** Flow-control limits of the WebSocket host; each has a default that a page never reaches. */
export interface FlowLimits {
  /** Commands of one client whose replies are not yet flushed to its socket; as many more may wait. Default 64. */
  maxCommandsInFlight?: number
  /**
   * Bytes sent to one client that it has not yet shown it read: its `bufferedAmount`, and what the kernel's
   * socket buffers took on top (megabytes per socket, whether the client reads or not). Default 8 MiB.
   */
  maxBufferedBytes?: number
  /**
   * The same for all clients together. Past it only a client that has shown it reads, and has read all it
   * was sent, gets a command answered, one at a time; the others wait for room. So clients that never read
   * cost the host about this much, however many they are. Default 16 MiB.
   */
  maxHostBufferedBytes?: number
  /** A client held back for this long without reading anything is closed (4008). Default 30 s. */
  stallTimeoutMs?: number
}

/** Close code for a client that did not read what it asked for (private-use range). */
export const CLOSE_TOO_SLOW = 4008

/** What one client costs the host right now (tests, the memory benchmark). */
export interface ClientFlowStats {
  commandsInFlight: number
  /** Commands read but not started. */
  commandsWaiting: number
  bufferedAmount: number
  /** Bytes sent that the client has not yet shown it read (see FlowLimits.maxBufferedBytes). */
  unreadBytes: number
  /** False while the host has stopped reading from the client. */
  reading: boolean
}

const DEFAULT_LIMITS: Required<FlowLimits> = {
  maxCommandsInFlight: 64,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxHostBufferedBytes: 16 * 1024 * 1024,
  stallTimeoutMs: 30_000,
}

/** Unread bytes past which the host asks the client how far it has read; below it the client is caught up. */
const PROBE_BYTES = 64 * 1024

export function flowLimits(limits: FlowLimits = {}): Required<FlowLimits> {
  return { ...DEFAULT_LIMITS, ...limits }
}

/** How the host answers one command: the reply to send, or undefined when there is none (the socket was closed). */
export type Answer = (command: string) => Promise<string | undefined>

/**
 * One client's flow control.
 *
 * How far a client has read is learnt from pings: one carrying a random nonce
 * goes out behind the data, and a client can answer it only once it has read
 * everything before it (a forged pong cannot guess the nonce). A write
 * completing shows nothing of the kind: the kernel takes megabytes into its
 * socket buffers from a client that never reads.
 *
 * A command counts as in flight from the moment it is read until its reply is
 * flushed to the socket. A command that may not start (the client over its
 * limits, or the host over its budget, see SendBudget) waits here, costing its
 * text only; past `maxCommandsInFlight` waiting commands the host stops
 * reading the client (`ws.pause`) and TCP pushes back on it. Each of its
 * writes that completes lets one more read through, since its pongs may be
 * queued behind commands it sent before it started reading again.
 *
 * A client held back with bytes unread that shows no progress (no write
 * completed, no probe answered) for `stallTimeoutMs` is given up on
 * (`onStalled`).
 */
export class ClientFlow {
  private readonly waiting: string[] = []
  private inFlight = 0
  private sentBytes = 0
  /** Bytes the client has shown it read (answered a probe sent behind them). */
  private readBytes = 0
  private probe: { nonce: string; at: number } | undefined
  /** A write completed since reading was last let through: the client is taking data. */
  private flushedSinceRead = false
  /** Its unread bytes were given back to the budget: the socket is gone. */
  private released = false
  private reading = true
  /** Has commands it may not start, or is over its own limits. */
  private held = false
  private closed = false
  private pumpScheduled = false
  private lastProgressAt = performance.now()
  private stallTimer: ReturnType<typeof setTimeout> | undefined
  private readonly wake = (): void => this.pump()

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: Required<FlowLimits>,
    private readonly budget: SendBudget,
    private readonly answer: Answer,
    private readonly onStalled: () => void,
  ) {}

  /** A command read from the client. */
  receive(command: string): void {
    if (this.closed) return
    this.waiting.push(command)
    // A burst: the rest waits for the next turn.
    if (!this.pumpScheduled) this.pump()
    else if (this.waiting.length >= this.limits.maxCommandsInFlight) this.setReading(false)
  }

  /**
   * Sends a reply or a batch. `flushed` runs once it is written to the socket (or dropped). Sent as a Buffer:
   * a string that waits in a socket's queue is kept as a string and copied again natively, twice the memory.
   */
  send(text: string, flushed?: () => void): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return flushed?.()
    const data = Buffer.from(text)
    this.sentBytes += data.length
    this.budget.take(data.length)
    this.ws.send(data, { binary: false }, () => {
      this.flushedSinceRead = true
      this.lastProgressAt = performance.now()
      flushed?.()
      this.pump()
    })
    this.probeReading()
  }

  /** A pong: if it answers the probe, the client has read everything sent before it. */
  pong(data: Buffer): void {
    const probe = this.probe
    if (probe === undefined || data.toString() !== probe.nonce) return
    this.probe = undefined
    if (!this.released) this.budget.give(probe.at - this.readBytes)
    this.readBytes = probe.at
    this.lastProgressAt = performance.now()
    this.probeReading()
    this.pump()
  }

  stats(): ClientFlowStats {
    return {
      commandsInFlight: this.inFlight,
      commandsWaiting: this.waiting.length,
      bufferedAmount: this.ws.bufferedAmount,
      unreadBytes: this.unread,
      reading: this.reading,
    }
  }

  /** Stops answering: commands read but not started are dropped. */
  close(): void {
    this.closed = true
    this.waiting.length = 0
    clearTimeout(this.stallTimer)
    this.budget.cancel(this.wake)
  }

  /**
   * The socket is gone, and what it held with it: its unread bytes go back to the budget. (Not at `close`:
   * a client given up on keeps its unread bytes until its socket closes.)
   */
  release(): void {
    this.close()
    if (this.released) return
    this.released = true
    this.budget.give(this.unread)
  }

  private get unread(): number {
    return this.sentBytes - this.readBytes
  }

  /** Asks how far the client has read: once it is well behind, and once early on, so that it can show it reads. */
  private probeReading(): void {
    if (this.closed || this.probe !== undefined || this.ws.readyState !== WebSocket.OPEN) return
    const unread = this.unread
    if (unread < PROBE_BYTES && !(this.readBytes === 0 && unread > 0)) return
    this.probe = { nonce: randomBytes(9).toString('base64'), at: this.sentBytes }
    this.ws.ping(this.probe.nonce)
  }

  /**
   * Starts at most one command per turn of the event loop: a reply its handler made at once has then been
   * counted before the next command is weighed. (Sixty-four day-long histories started together would be
   * 24 MB of replies before the first was counted.)
   */
  private pump(): void {
    if (this.closed) return
    if (!this.pumpScheduled && this.waiting.length > 0 && this.mayStart()) {
      this.start(this.waiting.shift()!)
      this.pumpScheduled = true
      setImmediate(() => {
        this.pumpScheduled = false
        this.pump()
      })
    }
    this.setHeld(this.waiting.length > 0 || !this.withinOwnLimits())
    if (this.waiting.length < this.limits.maxCommandsInFlight) this.setReading(true)
    else if (this.flushedSinceRead) {
      this.flushedSinceRead = false
      this.setReading(true)
    } else this.setReading(false)
    // Waiting for room: other clients' reading makes it (its own wakes it too, through `pong`).
    if (this.waiting.length > 0 && !this.hasRoom()) this.budget.wait(this.wake)
  }

  private mayStart(): boolean {
    return this.withinOwnLimits() && this.hasRoom()
  }

  private withinOwnLimits(): boolean {
    return this.inFlight < this.limits.maxCommandsInFlight && this.unread < this.limits.maxBufferedBytes
  }

  /** Room in the host's budget, or a client that has shown it reads and has read all it was sent. */
  private hasRoom(): boolean {
    return !this.budget.spent || (this.readBytes > 0 && this.inFlight === 0 && this.unread < PROBE_BYTES)
  }

  private start(command: string): void {
    this.inFlight++
    const done = (): void => {
      this.inFlight--
    }
    this.answer(command).then(
      (reply) => {
        if (reply !== undefined) return this.send(reply, done)
        done()
        this.pump()
      },
      (err: unknown) => {
        console.error('[host] command failed', err)
        done()
        this.pump()
      },
    )
  }

  private setReading(reading: boolean): void {
    if (reading === this.reading) return
    this.reading = reading
    if (reading) this.ws.resume()
    else this.ws.pause()
  }

  private setHeld(held: boolean): void {
    if (held === this.held) return
    this.held = held
    if (!held) return clearTimeout(this.stallTimer)
    this.lastProgressAt = performance.now()
    this.armStallTimer(this.limits.stallTimeoutMs)
  }

  private armStallTimer(ms: number): void {
    clearTimeout(this.stallTimer)
    this.stallTimer = setTimeout(() => this.checkStalled(), ms)
    this.stallTimer.unref()
  }

  /**
   * Held back and no progress for the whole timeout: the client is not reading. Held back with nothing
   * unread, it is waiting for the host's own slow answers, or for room, which is no fault of its own.
   */
  private checkStalled(): void {
    if (this.closed || !this.held) return
    const now = performance.now()
    if (this.unread === 0) this.lastProgressAt = now
    const idle = now - this.lastProgressAt
    if (idle < this.limits.stallTimeoutMs) return this.armStallTimer(this.limits.stallTimeoutMs - idle)
    this.close()
    this.onStalled()
  }
}

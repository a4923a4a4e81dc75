import { WebSocket } from 'ws'

/** Flow-control limits of the WebSocket host; each has a default that a page never reaches. */
export interface FlowLimits {
  /** Commands of one client whose replies are not yet flushed to its socket. Default 64. */
  maxCommandsInFlight?: number
  /** Bytes waiting to be written to one client's socket (its `bufferedAmount`). Default 8 MiB. */
  maxBufferedBytes?: number
  /**
   * Bytes waiting for all clients together. Past it a client gets one reply at a time, and only once
   * everything sent to it before is flushed, so a hundred clients that do not read cost about a hundred
   * replies, not a hundred times `maxBufferedBytes`. Default 16 MiB.
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
  /** Commands read but not started: the few that arrive after reading paused. */
  commandsWaiting: number
  bufferedAmount: number
  /** False while the host has stopped reading from the client. */
  reading: boolean
}

const DEFAULT_LIMITS: Required<FlowLimits> = {
  maxCommandsInFlight: 64,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxHostBufferedBytes: 16 * 1024 * 1024,
  stallTimeoutMs: 30_000,
}

export function flowLimits(limits: FlowLimits = {}): Required<FlowLimits> {
  return { ...DEFAULT_LIMITS, ...limits }
}

/** How the host answers one command: the reply to send, or undefined when there is none (the socket was closed). */
export type Answer = (command: string) => Promise<string | undefined>

/**
 * One client's flow control. A command counts as in flight from the moment it
 * is read until its reply is flushed to the socket. While the client is over
 * its limits (or the host over its budget) the host stops reading from the
 * socket (`ws.pause`): TCP then pushes back on the client, and the few commands
 * already read wait here, unstarted, costing their text only. A reply flushed
 * is progress; a client held back with bytes still unflushed and no progress
 * for `stallTimeoutMs` is given up on (`onStalled`).
 */
export class ClientFlow {
  private readonly waiting: string[] = []
  private inFlight = 0
  /** Messages handed to the socket whose write has not completed (pings and close frames aside). */
  private sendsPending = 0
  private reading = true
  private closed = false
  private pumpScheduled = false
  private lastProgressAt = performance.now()
  private stallTimer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: Required<FlowLimits>,
    /** Bytes waiting for every client of the host. */
    private readonly hostBuffered: () => number,
    private readonly answer: Answer,
    private readonly onStalled: () => void,
  ) {}

  /** A command read from the client. */
  receive(command: string): void {
    if (this.closed) return
    this.waiting.push(command)
    // A burst: the rest waits for the next turn, and reading stops until the backlog is gone.
    if (this.pumpScheduled) this.setReading(false)
    else this.pump()
  }

  /** Sends a reply or a batch; its flush is the client's progress. `flushed` runs once it is written (or dropped). */
  send(text: string, flushed?: () => void): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return flushed?.()
    this.sendsPending++
    this.ws.send(text, () => {
      this.sendsPending--
      flushed?.()
      this.progress()
    })
  }

  stats(): ClientFlowStats {
    return {
      commandsInFlight: this.inFlight,
      commandsWaiting: this.waiting.length,
      bufferedAmount: this.ws.bufferedAmount,
      reading: this.reading,
    }
  }

  /** Stops everything: commands read but not started are dropped. */
  close(): void {
    this.closed = true
    this.waiting.length = 0
    clearTimeout(this.stallTimer)
  }

  /**
   * Starts at most one command per turn of the event loop: a reply its handler made at once has then been
   * handed to the socket, and counts in `bufferedAmount`, before the next command is weighed. (Sixty-four
   * day-long histories started together would be 24 MB of replies before the first was counted.)
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
    this.setReading(this.waiting.length === 0 && this.mayStart())
  }

  private mayStart(): boolean {
    const buffered = this.ws.bufferedAmount
    if (this.inFlight >= this.limits.maxCommandsInFlight || buffered >= this.limits.maxBufferedBytes) return false
    // Under the host's budget, or with nothing of this client's still to write: each of its own writes ends
    // with `progress`, so a client held here is always woken by its own flush, never left waiting for others'.
    return (this.inFlight === 0 && this.sendsPending === 0) || this.hostBuffered() < this.limits.maxHostBufferedBytes
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

  private progress(): void {
    this.lastProgressAt = performance.now()
    this.pump()
  }

  private setReading(reading: boolean): void {
    if (reading === this.reading) return
    this.reading = reading
    if (reading) {
      clearTimeout(this.stallTimer)
      this.ws.resume()
    } else {
      this.ws.pause()
      this.lastProgressAt = performance.now()
      this.armStallTimer(this.limits.stallTimeoutMs)
    }
  }

  private armStallTimer(ms: number): void {
    clearTimeout(this.stallTimer)
    this.stallTimer = setTimeout(() => this.checkStalled(), ms)
    this.stallTimer.unref()
  }

  /**
   * Held back and nothing flushed for the whole timeout: the client is not reading. Held back with nothing
   * buffered, it is waiting for the host's own slow answers, which is no fault of the client.
   */
  private checkStalled(): void {
    if (this.closed || this.reading) return
    const now = performance.now()
    if (this.sendsPending === 0) this.lastProgressAt = now
    const idle = now - this.lastProgressAt
    if (idle < this.limits.stallTimeoutMs) return this.armStallTimer(this.limits.stallTimeoutMs - idle)
    this.close()
    this.onStalled()
  }
}

/**
 * The bytes every client of the host has been sent and has not yet shown it
 * read, against the host's limit (see ClientFlow). Kept here, updated as
 * clients send and read, the check is O(1), and a client held back by the
 * budget is woken when other clients' reading makes room: its own reading may
 * have nothing left to report.
 */
export class SendBudget {
  private unread = 0
  private readonly waiters = new Set<() => void>()
  private waking = false

  constructor(private readonly limit: number) {}

  get spent(): boolean {
    return this.unread >= this.limit
  }

  take(bytes: number): void {
    this.unread += bytes
  }

  give(bytes: number): void {
    this.unread -= bytes
    this.wakeNext()
  }

  /** Runs `wake` once the budget has room again (first come, first woken). */
  wait(wake: () => void): void {
    this.waiters.add(wake)
  }

  cancel(wake: () => void): void {
    this.waiters.delete(wake)
  }

  /**
   * One waiter per turn of the event loop, while there is room: a waiter that starts a command has its
   * reply counted before the next one is woken, so a hundred waiters do not all start at once.
   */
  private wakeNext(): void {
    if (this.waking || this.spent || this.waiters.size === 0) return
    this.waking = true
    setImmediate(() => {
      this.waking = false
      const [wake] = this.waiters
      if (wake === undefined || this.spent) return
      this.waiters.delete(wake)
      wake()
      this.wakeNext()
    })
  }
}

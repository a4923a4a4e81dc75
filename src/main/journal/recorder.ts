import { nodeScheduler, type Disposer, type EventEngine, type Scheduler } from '../engine'
import { EVENT_ACCOUNT, EVENT_LOG, EVENT_ORDER, EVENT_POSITION, EVENT_TRADE } from '../../shared/events'
import type { JournalWriter } from './writer'

/**
 * Feeds the engine's orders, trades, logs, accounts and positions to the
 * writer and commits once per drain slice, at the slice's end: a window's
 * session flushes on a later turn of the event loop, so nothing reaches a
 * window or a remote client before it is committed. Rows staged outside a
 * slice (a strategy saved by a command) are committed on the next turn.
 */
export class JournalRecorder {
  private readonly disposers: Disposer[]
  private readonly scheduler: Scheduler
  private commitQueued = false

  constructor(
    engine: EventEngine,
    private readonly writer: JournalWriter,
    /** Commits what the writer holds; the journal decides what a failure means. */
    private readonly commit: () => void,
    scheduler: Scheduler = nodeScheduler,
  ) {
    this.scheduler = scheduler
    this.disposers = [
      engine.register(EVENT_ORDER, (event) => event.data && writer.stageOrder(event.data)),
      engine.register(EVENT_TRADE, (event) => event.data && writer.stageTrade(event.data)),
      engine.register(EVENT_LOG, (event) => event.data && writer.stageLog(event.data)),
      engine.register(EVENT_ACCOUNT, (event) => event.data && writer.stageAccount(event.data)),
      engine.register(EVENT_POSITION, (event) => event.data && writer.stagePosition(event.data)),
      engine.onSliceEnd(commit),
    ]
  }

  /** The writer has something staged: make sure it is committed by the next turn even if no slice runs. */
  readonly staged = (): void => {
    if (this.commitQueued) return
    this.commitQueued = true
    this.scheduler.yieldThen(() => {
      this.commitQueued = false
      if (this.writer.pending > 0) this.commit()
    })
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose()
  }
}

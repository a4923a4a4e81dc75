/**
 * A monitor's cursors (how far into each mirrored desk's stream it has
 * applied) in its own journal. A cursor must never be committed ahead of the
 * events it covers, or a crash in between would lose them for good (the
 * monitor would resume after them). So a save goes through the engine, behind
 * the events the gateway has just put: the engine dispatches in order, the
 * journal stages those events first, and the cursor lands in the same commit
 * or a later one. A cursor that lags only means a replay of events the desk
 * then passes on once (trades by id) or in order (orders).
 */
import type { EventEngine } from '../engine'
import type { Journal } from '../journal'
import type { MirrorCursor, MirrorCursorStore } from './stream-replay'

/** Engine event carrying a cursor to save (EventDesk's own, for the journal). */
export const EVENT_MIRROR_CURSOR = 'eMirrorCursor'

interface CursorEvent {
  gatewayName: string
  cursor: MirrorCursor
}

const key = (gatewayName: string): string => `mirror-cursor:${gatewayName}`

export class JournalMirrorCursors implements MirrorCursorStore {
  private readonly dispose: () => void

  constructor(
    private readonly engine: EventEngine,
    private readonly journal: Journal,
  ) {
    this.dispose = engine.register<string>(EVENT_MIRROR_CURSOR, (event) => {
      const { gatewayName, cursor } = event.data as CursorEvent
      journal.stageMeta(key(gatewayName), JSON.stringify(cursor))
    })
  }

  load(gatewayName: string): MirrorCursor | undefined {
    const text = this.journal.readMeta(key(gatewayName))
    if (text === undefined) return undefined
    try {
      const cursor = JSON.parse(text) as Partial<MirrorCursor>
      return typeof cursor.hostSessionId === 'string' && Number.isSafeInteger(cursor.streamSeq)
        ? { hostSessionId: cursor.hostSessionId, streamSeq: cursor.streamSeq as number }
        : undefined
    } catch {
      return undefined
    }
  }

  save(gatewayName: string, cursor: MirrorCursor): void {
    this.engine.put<string>({ type: EVENT_MIRROR_CURSOR, data: { gatewayName, cursor } satisfies CursorEvent })
  }

  close(): void {
    this.dispose()
  }
}

import type { EventEngine } from '../engine'
import type { KeyedEventMap } from '../../shared/events'

/**
 * Puts an update under its generic type and under the type plus its key
 * (`eTick.` and `eTick.IF2612.CFFEX`), as vnpy does, so listening to one
 * instrument or one order is a plain `register`.
 */
export function putKeyed<P extends keyof KeyedEventMap>(
  engine: EventEngine,
  prefix: P,
  key: string,
  data: KeyedEventMap[P],
): void {
  // Typed as a plain string: the compiler cannot follow a generic prefix through EventPayload's template match.
  engine.put<string>({ type: prefix, data })
  engine.put<string>({ type: prefix + key, data })
}

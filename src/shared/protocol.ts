/**
 * The wire protocol's version. A page, a remote desk or a test compares it with its own before it applies
 * anything: a host speaking another version is refused with a clear message instead of being misread.
 * Bump it whenever a message, push kind or command changes shape in a way an older peer would misread.
 * 3: the `unpolled` push kind and snapshot field; a strategy's last state is `removed`.
 * 4: ticks between desks over NATS travel in frames of rows (src/main/nats/tick-frame.ts).
 */
export const PROTOCOL_VERSION = 4

/** What `GET /api/session` answers with a valid token. */
export interface SessionInfo {
  protocolVersion: number
  /** New at every start of the desk: a change tells "the desk restarted" from "reconnected to the same desk". */
  hostSessionId: string
}

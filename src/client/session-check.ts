/**
 * The page's first question to the headless host, before it opens a socket:
 * may I use this desk? Without it, a page opened without the token (or with a
 * stale one) shows an empty desk whose socket is refused over and over.
 */
import type { SessionInfo } from '../shared/protocol'
import type { WebSocketTransport } from './websocket-transport'

export type SessionCheck =
  | { state: 'signed-in'; session: SessionInfo }
  /** The host refused the page's token, or it had none: the page shows how to sign in. */
  | { state: 'signed-out' }
  /** No answer that says either (host unreachable, an older host): the desk starts and shows the connection. */
  | { state: 'unknown' }

interface PageLocation {
  origin: string
  search: string
}

/**
 * Asks `GET /api/session`. The cookie the host set when the page was opened with its token travels by itself
 * (same origin); a token still in the page's address is sent along, as the socket would send it.
 */
export async function checkSession(
  location: PageLocation = (globalThis as unknown as { location: PageLocation }).location,
  fetchPage: typeof fetch = fetch,
): Promise<SessionCheck> {
  const token = new URLSearchParams(location.search).get('token')
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`
  try {
    const response = await fetchPage(`${location.origin}/api/session${query}`, { cache: 'no-store' })
    if (response.status === 401) return { state: 'signed-out' }
    if (!response.ok) return { state: 'unknown' }
    return { state: 'signed-in', session: (await response.json()) as SessionInfo }
  } catch {
    return { state: 'unknown' }
  }
}

/**
 * Watches a served page's connection for the host turning its token away
 * later: a host restarted with another token (the headless host picks a new
 * one unless given `--token`) refuses the page's socket before the upgrade,
 * which a browser reports as a plain close, so the page would knock forever.
 * After each close the host is asked again (one question at a time); a host
 * that is merely down answers nothing and the page goes on reconnecting.
 * Once signed out, the transport is closed and `onSignedOut` runs, once.
 */
export function watchSignOut(
  transport: Pick<WebSocketTransport, 'onConnection' | 'close'>,
  onSignedOut: () => void,
  check: () => Promise<SessionCheck> = () => checkSession(),
): () => void {
  let asking = false
  let done = false
  const stop = transport.onConnection((state) => {
    if (state !== 'closed' || asking || done) return
    asking = true
    void check().then((answer) => {
      asking = false
      if (done || answer.state !== 'signed-out') return
      done = true
      stop()
      transport.close()
      onSignedOut()
    })
  })
  return () => {
    done = true
    stop()
  }
}

/**
 * The page's first question to the headless host, before it opens a socket:
 * may I use this desk? Without it, a page opened without the token (or with a
 * stale one) shows an empty desk whose socket is refused over and over.
 */
import type { SessionInfo } from '../shared/protocol'

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

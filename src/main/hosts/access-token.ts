import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The host's access token and the three ways a request may carry it: the cookie the page gets when it is
 * opened with the token (so the token leaves the address bar and the history), `Authorization: Bearer`
 * (scripts, tests, other tools), or `?token=`. Tokens are compared as SHA-256 digests with timingSafeEqual:
 * equal lengths always, so the time taken tells nothing about the token, not even its length.
 */
export class AccessToken {
  private readonly digest: Buffer

  constructor(private readonly token: string) {
    this.digest = sha256(token)
  }

  matches(given: string): boolean {
    return timingSafeEqual(sha256(given), this.digest)
  }

  /** Whether `req` carries the token in the cookie named `cookieName`, a Bearer header or `query`. */
  admits(req: IncomingMessage, query: URLSearchParams, cookieName: string): boolean {
    const given = [query.get('token'), bearer(req.headers.authorization), cookie(req.headers.cookie, cookieName)]
    return given.some((candidate) => candidate !== undefined && candidate !== null && this.matches(candidate))
  }

  /**
   * The Set-Cookie value that carries the token: out of the page's scripts' reach (HttpOnly), never sent by
   * another site's page (SameSite=Strict), gone when the browser closes (no expiry).
   */
  setCookie(cookieName: string): string {
    return `${cookieName}=${encodeURIComponent(this.token)}; Path=/; HttpOnly; SameSite=Strict`
  }
}

/**
 * The cookie's name for the host on `port`: cookies ignore ports, so two desks on one machine would
 * otherwise overwrite each other's.
 */
export function cookieNameFor(port: number): string {
  return `eventdesk_${port}`
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=')
    if (at < 0 || pair.slice(0, at).trim() !== name) continue
    try {
      return decodeURIComponent(pair.slice(at + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}

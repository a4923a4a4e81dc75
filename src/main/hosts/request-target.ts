/** A request's target as the host routes it: the path exactly as sent, and the query. */
export interface RequestTarget {
  /** Still percent-encoded; never resolved against a base, so `//x/api/ws` stays `//x/api/ws`. */
  path: string
  query: URLSearchParams
}

/**
 * Splits an origin-form request target (`/path?query`) without the URL parser: a target like `//%`, `//[`
 * or `//:99999/` is a host to `new URL`, which throws on it or reads the path after a made-up authority.
 * Anything else (absolute-form, `*`, empty) is not a target this host serves: undefined, answered 400.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (raw === undefined || !raw.startsWith('/')) return undefined
  const queryAt = raw.indexOf('?')
  if (queryAt < 0) return { path: raw, query: new URLSearchParams() }
  // URLSearchParams leaves a malformed escape as it is; it does not throw.
  return { path: raw.slice(0, queryAt), query: new URLSearchParams(raw.slice(queryAt + 1)) }
}

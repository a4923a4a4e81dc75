/**
 * The page's Content-Security-Policy, the same for the Electron window and the
 * served page: code, styles and sockets from our own origin only; no plugins,
 * no <base>, no form posts, no framing. (Vue's runtime build needs no eval.)
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** In development the Vite dev server also needs its hot-reload socket. */
export function devContentSecurityPolicy(devServerUrl: string): string {
  const { host } = new URL(devServerUrl)
  return CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ws://${host}`)
}

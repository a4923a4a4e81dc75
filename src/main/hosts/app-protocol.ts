/**
 * The `app://` scheme the Electron window loads the built renderer from,
 * instead of `file://` (Electron's security checklist, item 18: a `file://`
 * page may read any file the user can; this scheme serves one folder).
 * Plain web `Request`/`Response`, no Electron: electron-windows.ts registers
 * it with `protocol.handle`, and tests call it directly.
 */
import { readFile, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { CONTENT_TYPES } from './static-files'

export const APP_SCHEME = 'app'
/** The one host the scheme answers for: `app://eventdesk/…`. */
export const APP_HOST = 'eventdesk'
/** The page an Electron window loads. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** Whether `url` is the app's page (any hash or query): the only page our IPC answers. */
export function isAppPage(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host.toLowerCase() === APP_HOST &&
    (parsed.pathname === '/' || parsed.pathname === '/index.html')
  )
}

/**
 * Answers `app://eventdesk/<path>` with the file at `<path>` under `root`:
 * GET and HEAD only, nothing outside `root` (`..`, encoded or not, and
 * absolute paths are refused), the Content-Type from the extension, and the
 * page's Content-Security-Policy on every response. Every failure is a
 * response, never a throw (Electron turns a throw into a bare network error).
 */
export function serveAppFiles(root: string, contentSecurityPolicy: string): (request: Request) => Promise<Response> {
  const base = resolve(root)
  const answer = (status: number, body: string | Uint8Array | null, contentType: string): Response =>
    new Response(body, {
      status,
      headers: {
        'Content-Type': contentType,
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      },
    })
  const refuse = (status: number, reason: string): Response => answer(status, reason, 'text/plain; charset=utf-8')

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed')
    const url = new URL(request.url)
    if (url.host.toLowerCase() !== APP_HOST) return refuse(404, 'Not found')
    const file = fileUnder(base, url.pathname === '/' ? '/index.html' : url.pathname)
    if (file === undefined) return refuse(404, 'Not found')
    const info = await stat(file).catch(() => undefined)
    if (info === undefined || !info.isFile()) return refuse(404, 'Not found')
    const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
    if (request.method === 'HEAD') return answer(200, null, contentType)
    try {
      return answer(200, await readFile(file), contentType)
    } catch {
      return refuse(500, 'Could not read the file')
    }
  }
}

/** The file a URL path names inside `base`, or undefined when it is malformed or points outside. */
function fileUnder(base: string, pathname: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const file = resolve(base, `.${decoded}`)
  const inside = relative(base, file)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined
  return file
}

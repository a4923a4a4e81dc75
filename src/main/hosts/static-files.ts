import { once } from 'node:events'
import { open, stat } from 'node:fs/promises'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { CONTENT_SECURITY_POLICY } from './content-security-policy'

/** Content-Type by file extension, for the built renderer's files (also served over Electron's app://). */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
}

/** How `pipeline` reports a client that went away before or during the download: nothing to log. */
const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_UNABLE_TO_PIPE'])

/** Methods the page and the read-only API answer. */
export const READ_METHODS = 'GET, HEAD'

/**
 * Serves the built renderer from `root`; GET and HEAD only, never outside
 * `root`. The page sends no Referer (its address may still hold the token).
 *
 * Every file is streamed with `pipeline`: a client that goes away mid-download
 * destroys the read stream, so its file descriptor is closed at once (2,000
 * abandoned downloads used to keep 2,000 descriptors open until the process hit
 * EMFILE). The status is sent only after the first read succeeded, so a file
 * that cannot be opened or read (the build replacing `out/renderer` under a
 * running host) is a 500; one that fails later cuts the connection, so the
 * browser sees a failed download rather than a short file.
 */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(res, 405, 'Method not allowed', { Allow: READ_METHODS })
  let relative: string
  try {
    relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname))
  } catch {
    return send(res, 400, 'Bad path')
  }
  const file = join(root, relative)
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return send(res, 404, 'Not found')
  const info = await stat(file).catch(() => undefined)
  if (info === undefined || !info.isFile()) return send(res, 404, 'Not found')
  const headers = {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  }
  if (req.method === 'HEAD') {
    res.writeHead(200, headers)
    return void res.end()
  }
  const handle = await open(file).catch((err: unknown) => err as Error)
  if (handle instanceof Error) return failed(res, file, handle)
  // From here on the stream owns the handle and closes it when it ends or is destroyed.
  const stream = handle.createReadStream()
  try {
    await once(stream, 'readable')
    res.writeHead(200, headers)
    await pipeline(stream, res)
  } catch (err) {
    stream.destroy()
    if (CLIENT_GONE.has((err as NodeJS.ErrnoException).code ?? '')) return
    failed(res, file, err)
  }
}

function failed(res: ServerResponse, file: string, err: unknown): void {
  console.error(`[host] could not serve ${file}:`, err)
  if (!res.headersSent) send(res, 500, 'Internal error')
  else res.destroy()
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders = {},
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(body)
}

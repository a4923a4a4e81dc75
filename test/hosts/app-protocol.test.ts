import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { APP_PAGE_URL, isAppPage, serveAppFiles } from '../../src/main/hosts/app-protocol'

const POLICY = "default-src 'self'"
const folder = mkdtempSync(join(tmpdir(), 'eventdesk-app-protocol-'))
const root = join(folder, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app"></div>')
writeFileSync(join(root, 'assets', 'index.js'), 'export {}')
writeFileSync(join(root, 'assets', 'index.css'), 'body{}')
writeFileSync(join(root, 'assets', 'data.bin'), 'raw')
// Beside and above the renderer folder: never to be served.
writeFileSync(join(folder, 'secret.txt'), 'secret')
writeFileSync(join(folder, 'renderer-secret.txt'), 'secret')
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const serve = serveAppFiles(root, POLICY)
const get = (url: string, method = 'GET') => serve(new Request(url, { method }))

describe('the app:// protocol', () => {
  it('serves the page at / and /index.html, with the page policy on the response', async () => {
    for (const url of ['app://eventdesk/', APP_PAGE_URL, `${APP_PAGE_URL}?x=1#/orders`]) {
      const response = await get(url)
      expect(response.status).toBe(200)
      expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
      expect(response.headers.get('Content-Security-Policy')).toBe(POLICY)
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
      expect(await response.text()).toContain('<div id="app">')
    }
  })

  it('gives each file the content type of its extension', async () => {
    const typeOf = async (path: string) => (await get(`app://eventdesk/${path}`)).headers.get('Content-Type')
    expect(await typeOf('assets/index.js')).toBe('text/javascript; charset=utf-8')
    expect(await typeOf('assets/index.css')).toBe('text/css; charset=utf-8')
    expect(await typeOf('assets/data.bin')).toBe('application/octet-stream')
  })

  it.each([
    'app://eventdesk/..%2Fsecret.txt',
    'app://eventdesk/assets/..%2F..%2Fsecret.txt',
    'app://eventdesk/..%2Frenderer-secret.txt',
    'app://eventdesk/..%5Csecret.txt',
    'app://eventdesk/%2F..%2F..%2Fsecret.txt',
    'app://eventdesk/index.html%00.js',
    'app://eventdesk/%E0%A4%A',
    'app://eventdesk/assets',
    'app://eventdesk/missing.js',
    'app://elsewhere/index.html',
  ])('answers %s with 404 and nothing of the file', async (url) => {
    const response = await get(url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('secret')
    expect(response.headers.get('Content-Security-Policy')).toBe(POLICY)
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_PAGE_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    expect((await get(APP_PAGE_URL, 'POST')).status).toBe(405)
  })

  it('knows the app page, whatever its hash, and nothing else', () => {
    expect(isAppPage(APP_PAGE_URL)).toBe(true)
    expect(isAppPage(`${APP_PAGE_URL}#/strategies`)).toBe(true)
    expect(isAppPage('app://eventdesk/')).toBe(true)
    expect(isAppPage('app://eventdesk/assets/index.js')).toBe(false)
    expect(isAppPage('app://elsewhere/index.html')).toBe(false)
    expect(isAppPage('file:///index.html')).toBe(false)
    expect(isAppPage('not a url')).toBe(false)
  })
})

/** The served page's files: every download, finished or not, gives its file descriptor back; a bad file is a 500, not a crash. */
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TOKEN, httpRequest, openTestHost, until, type TestHost } from './host-fixture'

/** Twice what the kernel's socket buffers on loopback take, so a download cannot finish without being read. */
const SCRIPT_BYTES = 16 * 1024 * 1024
const ABORTED_DOWNLOADS = 2000
const AT_ONCE = 50

let test: TestHost

beforeAll(async () => {
  test = await openTestHost()
  writeFileSync(join(test.staticDir, 'app.js'), Buffer.alloc(SCRIPT_BYTES, 'x'))
  // /proc/self/mem opens as a regular file and fails every read at offset 0 (EIO): a file that cannot be read.
  symlinkSync('/proc/self/mem', join(test.staticDir, 'unreadable.js'))
})

afterAll(async () => {
  await test.close()
})

const openDescriptors = (): number => readdirSync('/proc/self/fd').length

/** Starts downloading the script, waits for its first bytes, then goes away as a closed tab does. */
function abortedDownload(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('error', () => {})
    socket.once('data', () => socket.destroy())
    socket.on('close', () => resolve())
    socket.write(`GET /app.js HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
  })
}

describe('static files', () => {
  it('closes the file of every download the client abandons', async () => {
    // One finished download first, so the descriptors the server keeps for good are in the baseline.
    expect((await httpRequest(test.port, '/app.js')).body.length).toBe(SCRIPT_BYTES)
    const baseline = openDescriptors()
    for (let done = 0; done < ABORTED_DOWNLOADS; done += AT_ONCE)
      await Promise.all(Array.from({ length: AT_ONCE }, () => abortedDownload(test.port)))
    await until(() => openDescriptors() <= baseline, 10_000).catch(() => {})
    expect(openDescriptors()).toBeLessThanOrEqual(baseline)
    expect((await httpRequest(test.port, `/api/stats?token=${TOKEN}`)).status).toBe(200)
  }, 60_000)

  it('answers 500 for a file that cannot be read, and keeps serving', async () => {
    const answer = await httpRequest(test.port, '/unreadable.js')
    expect(answer.status).toBe(500)
    expect((await httpRequest(test.port, '/')).status).toBe(200)
  })

  it('answers HEAD with the length and no body, without reading the file', async () => {
    const answer = await httpRequest(test.port, '/app.js', {}, 'HEAD')
    expect(answer.status).toBe(200)
    expect(answer.headers['content-length']).toBe(String(SCRIPT_BYTES))
    expect(answer.body).toBe('')
  })
})

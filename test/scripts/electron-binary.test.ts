import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureElectronBinary, findElectronBinary, platformPath } from '../../scripts/electron-binary'

const VERSION = '45.5.0'
const EXECUTABLE = platformPath()

let root: string
let electronDir: string
let marker: string

function writeExecutable(path: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, '#!/bin/sh\nexit 0\n')
  chmodSync(path, 0o755)
}

/** What Electron's installer leaves behind when it succeeds. */
function installBinary(version = VERSION): void {
  writeFileSync(join(electronDir, 'dist', 'version'), version)
  writeFileSync(join(electronDir, 'path.txt'), EXECUTABLE)
  writeExecutable(join(electronDir, 'dist', EXECUTABLE))
}

/** A stand-in for `install.js`: records that it ran, then does what `body` says (no download). */
function standInInstaller(body: string): string {
  const path = join(root, 'install.js')
  writeFileSync(
    path,
    `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')\n` +
      `const fs = require('fs'), path = require('path'), dir = ${JSON.stringify(electronDir)}\n${body}\n`,
  )
  return path
}

const SUCCEEDS = `
fs.writeFileSync(path.join(dir, 'dist', 'version'), '${VERSION}')
fs.writeFileSync(path.join(dir, 'path.txt'), '${EXECUTABLE}')
fs.writeFileSync(path.join(dir, 'dist', '${EXECUTABLE}'), '#!/bin/sh\\n')
fs.chmodSync(path.join(dir, 'dist', '${EXECUTABLE}'), 0o755)`

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'eventdesk-electron-'))
  electronDir = join(root, 'electron')
  mkdirSync(join(electronDir, 'dist'), { recursive: true })
  writeFileSync(join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: VERSION }))
  marker = join(root, 'installer-ran')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('the pre-launch step', () => {
  it('does nothing when the binary is installed', async () => {
    installBinary()
    const installer = standInInstaller(SUCCEEDS)
    const result = await ensureElectronBinary({ electronDir, installer, env: {} })
    expect(result).toEqual({ execPath: join(electronDir, 'dist', EXECUTABLE) })
    expect(existsSync(marker)).toBe(false)
  })

  it('runs the installer when the binary is absent, and launches what it installed', async () => {
    const installer = standInInstaller(SUCCEEDS)
    const lines: string[] = []
    const result = await ensureElectronBinary({ electronDir, installer, env: {}, log: (l) => lines.push(l) })
    expect(existsSync(marker)).toBe(true)
    expect(result).toEqual({ execPath: join(electronDir, 'dist', EXECUTABLE) })
    expect(lines.join('\n')).toContain(`downloading Electron ${VERSION}`)
  })

  it("runs the installer when the installed binary is another version (the installer's own check)", async () => {
    installBinary('44.0.0')
    standInInstaller(SUCCEEDS)
    expect(findElectronBinary(electronDir, {})).toEqual({ state: 'missing', version: VERSION })
  })

  it('explains a failed download in a few lines, with no stack trace, and fails', async () => {
    const installer = standInInstaller(
      `console.error(new Error('getaddrinfo ENOTFOUND releases.invalid').stack); process.exit(1)`,
    )
    const result = await ensureElectronBinary({ electronDir, installer, env: {} })
    expect('error' in result).toBe(true)
    const message = (result as { error: string }).error
    expect(message).toContain(`could not download Electron ${VERSION} (Error: getaddrinfo ENOTFOUND releases.invalid`)
    expect(message).toContain('ELECTRON_MIRROR')
    expect(message).toContain('npm run serve')
    expect(message).not.toMatch(/^\s+at /m)
  })

  it('gives up on an installer that never answers, after the time limit', async () => {
    const installer = standInInstaller('setInterval(() => {}, 1000)')
    const result = await ensureElectronBinary({ electronDir, installer, env: {}, timeoutMs: 300 })
    expect((result as { error: string }).error).toContain('no answer within')
  })

  it('reads the time limit from EVENTDESK_ELECTRON_TIMEOUT', async () => {
    const installer = standInInstaller('setInterval(() => {}, 1000)')
    const result = await ensureElectronBinary({ electronDir, installer, env: { EVENTDESK_ELECTRON_TIMEOUT: '0.3' } })
    expect((result as { error: string }).error).toContain('no answer within 0.3 s')
  })
})

describe('a user who points at their own Electron', () => {
  it('is never made to download one: ELECTRON_EXEC_PATH', async () => {
    const own = join(root, 'own', 'electron')
    writeExecutable(own)
    const installer = standInInstaller(SUCCEEDS)
    expect(await ensureElectronBinary({ electronDir, installer, env: { ELECTRON_EXEC_PATH: own } })).toEqual({
      execPath: own,
    })
    const missing = await ensureElectronBinary({
      electronDir,
      installer,
      env: { ELECTRON_EXEC_PATH: join(root, 'nope') },
    })
    expect((missing as { error: string }).error).toContain('ELECTRON_EXEC_PATH')
    expect(existsSync(marker)).toBe(false)
  })

  it('is never made to download one: ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const dist = join(root, 'own-dist')
    writeExecutable(join(dist, EXECUTABLE))
    const installer = standInInstaller(SUCCEEDS)
    expect(await ensureElectronBinary({ electronDir, installer, env: { ELECTRON_OVERRIDE_DIST_PATH: dist } })).toEqual({
      execPath: join(dist, EXECUTABLE),
    })
    const empty = join(root, 'empty-dist')
    mkdirSync(empty)
    const missing = await ensureElectronBinary({ electronDir, installer, env: { ELECTRON_OVERRIDE_DIST_PATH: empty } })
    expect((missing as { error: string }).error).toContain('ELECTRON_OVERRIDE_DIST_PATH')
    expect(existsSync(marker)).toBe(false)
  })
})

describe('npm run dev on a machine without the binary', () => {
  const project = join(import.meta.dirname, '../..')
  const realElectron = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const installed = findElectronBinary(realElectron, {}).state === 'installed'

  // Runs Electron's real installer, pointed at a closed port on loopback, with an empty download cache.
  it.skipIf(installed)('ends within seconds with the offline message, not "Electron uninstall"', () => {
    const cache = join(root, 'cache')
    const run = spawnSync(
      process.execPath,
      [join(project, 'node_modules/tsx/dist/cli.mjs'), 'scripts/electron-vite.ts', 'dev'],
      {
        cwd: project,
        encoding: 'utf-8',
        timeout: 60_000,
        env: {
          ...process.env,
          ELECTRON_MIRROR: 'http://127.0.0.1:9/',
          electron_config_cache: cache,
          ELECTRON_EXEC_PATH: '',
        },
      },
    )
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`could not download Electron`)
    expect(run.stderr).toContain('npm run serve')
    expect(run.stderr).not.toContain('Electron uninstall')
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })
})

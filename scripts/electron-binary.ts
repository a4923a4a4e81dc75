/**
 * Makes sure the Electron binary is on disk before electron-vite launches it.
 *
 * Since Electron 42 `npm install electron` no longer downloads the binary in a postinstall script: Electron's
 * own entry (`require('electron')`, the `electron` CLI) fetches it on first use. electron-vite does not go
 * through that entry: it reads `node_modules/electron/path.txt` itself and throws "Electron uninstall" when
 * the file is missing (electron-vite issue #904). So `npm run dev` and `npm start` call this first.
 *
 * Not a postinstall step on purpose: `npm ci` must keep working offline (CI, the headless host), and only the
 * desktop app needs the binary.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where the binary is, once it is there. */
export type ElectronBinary =
  | { state: 'installed'; execPath: string }
  | { state: 'missing'; version: string }
  /** The user pointed at their own Electron and it is not there: never download one in its place. */
  | { state: 'misconfigured'; message: string }

/** Electron's name for the executable inside its distribution (install.js's `getPlatformPath`). */
export function platformPath(platform: string = process.platform): string {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron'
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron'
    case 'win32':
      return 'electron.exe'
    default:
      throw new Error(`Electron builds are not available on platform: ${platform}`)
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK)
    return true
  } catch {
    return false
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf-8')
  } catch {
    return undefined
  }
}

/**
 * The check Electron's installer makes (`install.js`'s `isInstalled()`: `dist/version` matches the package
 * version and `path.txt` names an executable that exists), after the two ways a user points at an Electron of
 * their own: `ELECTRON_EXEC_PATH` (read by electron-vite) and `ELECTRON_OVERRIDE_DIST_PATH` (read by Electron).
 */
export function findElectronBinary(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
): ElectronBinary {
  const execOverride = env.ELECTRON_EXEC_PATH
  if (execOverride) {
    return isExecutable(execOverride)
      ? { state: 'installed', execPath: execOverride }
      : { state: 'misconfigured', message: `ELECTRON_EXEC_PATH is ${execOverride}, which is not an executable file.` }
  }
  const executable = platformPath(platform)
  const distOverride = env.ELECTRON_OVERRIDE_DIST_PATH
  if (distOverride) {
    const execPath = join(distOverride, executable)
    return isExecutable(execPath)
      ? { state: 'installed', execPath }
      : {
          state: 'misconfigured',
          message: `ELECTRON_OVERRIDE_DIST_PATH is ${distOverride}, which has no executable ${executable}.`,
        }
  }
  const version = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf-8')) as { version: string }).version
  const installedVersion = readText(join(electronDir, 'dist', 'version'))
    ?.trim()
    .replace(/^v/, '')
  const execPath = join(electronDir, 'dist', executable)
  const installed =
    installedVersion === version && readText(join(electronDir, 'path.txt')) === executable && existsSync(execPath)
  return installed ? { state: 'installed', execPath } : { state: 'missing', version }
}

export interface InstallOutcome {
  ok: boolean
  /** One line saying why it failed: the installer's error message, or the time-out. */
  reason?: string
}

/**
 * Runs Electron's installer (`node_modules/electron/install.js`, the package's `install-electron` bin) with a
 * time limit, since a silently dropped connection would otherwise hang the command. Its output is kept, not
 * shown: on failure it prints a stack, and the caller prints a short explanation instead.
 */
export function runInstaller(
  installer: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InstallOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const keep = (chunk: Buffer): void => {
      // The first few KB hold the message; a chatty installer must not grow this without limit.
      if (output.length < 16_384) output += chunk.toString('utf-8')
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      resolve({ ok: false, reason: err.message })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      if (timedOut) resolve({ ok: false, reason: `no answer within ${timeoutMs / 1000} s` })
      else if (code === 0) resolve({ ok: true })
      else resolve({ ok: false, reason: explain(firstErrorLine(output) ?? `the installer exited with status ${code}`) })
    })
  })
}

/** undici says only "fetch failed" when the host cannot be reached at all. */
function explain(reason: string): string {
  return /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH/.test(reason)
    ? `${reason}: the download host could not be reached`
    : reason
}

/** The message of a printed error: its first line that is not a stack frame. */
export function firstErrorLine(output: string): string | undefined {
  return output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('at ') && !/^[{}[\]]/.test(line))
}

/** What the user reads when the download failed: what happened and what to do, no stack. */
export function downloadFailedMessage(version: string, reason: string): string {
  return [
    `EventDesk: could not download Electron ${version} (${reason}).`,
    '',
    'The desktop app needs the Electron binary (about 100 MB), downloaded once into node_modules/electron.',
    'To get it:',
    '  - through a mirror: ELECTRON_MIRROR=<mirror URL ending in />  npm run dev',
    '  - from a cache: put the release zip in the folder named by electron_config_cache, then npm run dev',
    '  - an Electron you already have: ELECTRON_OVERRIDE_DIST_PATH=<its folder> (or ELECTRON_EXEC_PATH=<the executable>)',
    '  - a slow link: EVENTDESK_ELECTRON_TIMEOUT=<seconds> (default 120)',
    '',
    'Meanwhile `npm run serve` runs the same desk in your browser, no Electron needed.',
  ].join('\n')
}

/** The download's time limit: `EVENTDESK_ELECTRON_TIMEOUT` seconds, default 120. */
export function downloadTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.EVENTDESK_ELECTRON_TIMEOUT)
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 120_000
}

export interface EnsureOptions {
  /** The `electron` package's folder. */
  electronDir: string
  /** Electron's installer; default `install.js` in that folder. Tests pass a stand-in. */
  installer?: string
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  log?: (line: string) => void
}

/**
 * Does nothing when the binary is there; runs the installer when it is not. Resolves with the executable's
 * path, or with a message for the user and no path when it cannot be had.
 */
export async function ensureElectronBinary(options: EnsureOptions): Promise<{ execPath: string } | { error: string }> {
  const env = options.env ?? process.env
  const found = findElectronBinary(options.electronDir, env)
  if (found.state === 'installed') return { execPath: found.execPath }
  if (found.state === 'misconfigured') return { error: `EventDesk: ${found.message}` }
  options.log?.(`EventDesk: downloading Electron ${found.version} (about 100 MB, once)…`)
  const installer = options.installer ?? join(options.electronDir, 'install.js')
  const outcome = await runInstaller(installer, options.timeoutMs ?? downloadTimeoutMs(env), env)
  if (!outcome.ok) return { error: downloadFailedMessage(found.version, outcome.reason ?? 'unknown error') }
  const after = findElectronBinary(options.electronDir, env)
  if (after.state === 'installed') return { execPath: after.execPath }
  return { error: downloadFailedMessage(found.version, 'the installer finished but left no executable') }
}

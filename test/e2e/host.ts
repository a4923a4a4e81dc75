/** Starts the real headless host (`out/main/server.js`, built beforehand) for a browser test. */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'

export interface RunningHost {
  /** The page URL the host printed, token included: the host answers it with a cookie and a redirect to `/`. */
  url: string
  /** The page's origin, `http://127.0.0.1:<port>`. */
  origin: string
  token: string
  /** `GET /api/stats` (the host's handler and session counts). */
  stats(): Promise<{ handlerCount: number; sessions: number }>
  stop(): Promise<void>
  /**
   * Stops the host, runs `whileDown` (if given), then starts a new one on the
   * same port with the same token (or `token`, as a restart without `--token`
   * picks a new one): a page open on it reconnects.
   */
  restart(whileDown?: () => Promise<void>, token?: string): Promise<void>
}

const SERVER = resolve(import.meta.dirname, '../../out/main/server.js')

/** Launches the host on a free port (the OS picks it) and waits for its URL. */
export async function startHost(extraArgs: string[] = []): Promise<RunningHost> {
  const token = randomBytes(12).toString('hex')
  const first = await launch(['--port', '0', '--token', token, ...extraArgs])
  const url = first.url
  const origin = new URL(url).origin
  let child = first.child
  return {
    url,
    origin,
    token,
    async stats() {
      const response = await fetch(`${origin}/api/stats?token=${encodeURIComponent(token)}`)
      return (await response.json()) as { handlerCount: number; sessions: number }
    },
    stop: () => stopChild(child),
    async restart(whileDown, newToken = token) {
      await stopChild(child)
      await whileDown?.()
      ;({ child } = await launch(['--token', newToken, ...extraArgs, '--port', new URL(url).port]))
    },
  }
}

async function launch(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  // --ephemeral, unless the test gives a (temporary) --data folder: a test never writes to the user's
  // ~/.eventdesk. An ephemeral host that restarts is a new run of the desk.
  const keep = args.includes('--data') ? [] : ['--ephemeral']
  const child = spawn(process.execPath, [SERVER, ...keep, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 20_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = output.match(/Open (http:\/\/\S+)/)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)))
  })
  return { child, url }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolveStop) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolveStop()
    })
    child.kill('SIGTERM')
  })
}

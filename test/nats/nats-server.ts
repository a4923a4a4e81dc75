/**
 * A real nats-server (Debian's package) for the NATS tests: JetStream on, a free
 * port on loopback, a temporary store; stopped, restarted on the same port and
 * store, and removed by the test. No mock of NATS anywhere.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface NatsServer {
  readonly port: number
  readonly url: string
  readonly dir: string
  stop(): Promise<void>
  /** Starts again on the same port and store (JetStream data survives). */
  start(): Promise<void>
  /** Stops and removes the store. */
  dispose(): Promise<void>
}

export function natsServerAvailable(): boolean {
  return spawnSync('nats-server', ['--version']).status === 0
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

/** `config`: extra lines of nats-server configuration (authorization, tls). */
export async function startNatsServer(options: { config?: string; scheme?: 'nats' | 'tls' } = {}): Promise<NatsServer> {
  if (!natsServerAvailable()) throw new Error('nats-server is not installed (Debian: apt-get install nats-server)')
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-nats-'))
  const configFile = join(dir, 'nats.conf')
  writeFileSync(
    configFile,
    `listen: 127.0.0.1:${port}\njetstream { store_dir: ${JSON.stringify(join(dir, 'js'))} }\n${options.config ?? ''}\n`,
  )
  let child: ChildProcess | undefined
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const proc = spawn('nats-server', ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] })
      child = proc
      let output = ''
      const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${output}`)), 10_000)
      proc.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Server is ready')) {
          clearTimeout(timer)
          resolve()
        }
      })
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`nats-server exited (${code}):\n${output}`))
      })
    })
  const stop = async (): Promise<void> => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null) return
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGTERM')
    await exited
  }
  await start()
  return {
    port,
    url: `${options.scheme ?? 'nats'}://127.0.0.1:${port}`,
    dir,
    stop,
    start,
    async dispose() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Polls `check` until it holds; fails with `what` after `ms`. */
export async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

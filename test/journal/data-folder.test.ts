import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { DataFolderInUseError, JOURNAL_FILE, LOCK_FILE, lockDataFolder } from '../../src/main/journal'
import { tempDataDir } from './helpers'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (chunk) => (out += chunk))
  child.stderr!.on('data', (chunk) => (out += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { child, output: () => out, exited }
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('a data folder', () => {
  it('is used by one desk at a time, and free again once it closes', async () => {
    const dataDir = tempDataDir()
    const first = createTradingDesk({ dataDir, connectSim: false })
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
    expect(() => createTradingDesk({ dataDir, connectSim: false })).toThrow(DataFolderInUseError)
    expect(() => createTradingDesk({ dataDir, connectSim: false })).toThrow(/is in use by another EventDesk/)
    await first.close()
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)
    const second = createTradingDesk({ dataDir, connectSim: false })
    expect(second.journal.path).toBe(join(dataDir, JOURNAL_FILE))
    await second.close()
  })

  it('is taken over from a desk that died, and refused while its holder lives', async () => {
    const dataDir = tempDataDir()
    const dead = run(['-e', ''])
    await dead.exited
    writeFileSync(join(dataDir, LOCK_FILE), `${dead.child.pid}\n`)
    const release = lockDataFolder(dataDir)
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
    release()

    const alive = run(['-e', 'setTimeout(() => {}, 60_000)'])
    writeFileSync(join(dataDir, LOCK_FILE), `${alive.child.pid}\n`)
    expect(() => lockDataFolder(dataDir)).toThrow(`in use by another EventDesk (pid ${alive.child.pid})`)
  })
})

describe('the headless host', () => {
  it('keeps its data in ~/.eventdesk by default, and a second host on it refuses with a clear message', async () => {
    const home = tempDataDir()
    const first = run(['--import', 'tsx', 'src/main/server.ts', '--port', '0'], { HOME: home })
    await until(() => first.output().includes('Open http'), 'the first host')
    const dataDir = join(home, '.eventdesk')
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining([JOURNAL_FILE, LOCK_FILE, 'logs']))

    const second = run(['--import', 'tsx', 'src/main/server.ts', '--port', '0', '--data', dataDir])
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain(
      `EventDesk could not start: The data folder ${dataDir} is in use by another EventDesk (pid ${first.child.pid})`,
    )
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)
  }, 60_000)

  it('keeps nothing with --ephemeral', async () => {
    const home = tempDataDir()
    const host = run(['--import', 'tsx', 'src/main/server.ts', '--port', '0', '--ephemeral'], { HOME: home })
    await until(() => host.output().includes('Open http'), 'the host')
    host.child.kill('SIGTERM')
    expect(await host.exited).toBe(0)
    expect(readdirSync(home)).toEqual([])
  }, 60_000)
})

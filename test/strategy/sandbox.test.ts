/**
 * The headless host's `--strategy-sandbox` (issue 13, the trust boundary):
 * each strategy in a child process under Node's permission model, which may
 * read its own code and the strategy folder and do nothing else a strategy
 * file ran before with the host's rights (read any file, run `id`). The
 * process runs the built worker; here it is bundled with esbuild (tsx, which
 * loads TypeScript, needs a child process the model forbids).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { buildSync } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { processRunner } from '../../src/main/strategy'
import { IF, netVolume, startStrategySession, strategyFile, type StrategySession } from './harness'

let entry: string
beforeAll(() => {
  entry = join(mkdtempSync(join(tmpdir(), 'eventdesk-sandbox-')), 'strategy-worker.js')
  buildSync({
    entryPoints: [resolve(import.meta.dirname, '../../src/main/strategy/runner/strategy-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: entry,
    logLevel: 'error',
  })
})

/** Tries what a strategy file could do with the host's rights, and shows what each attempt got. */
const PROBER = strategyFile(
  'ProberStrategy',
  `onInit() {
    const attempt = (what) => { try { what(); return 'done' } catch (err) { return err.code ?? err.message } }
    const fs = require('node:fs')
    this.vars.ownFolder = attempt(() => fs.readdirSync(__dirname))
    this.vars.readPasswd = attempt(() => fs.readFileSync('/etc/passwd'))
    this.vars.writeFile = attempt(() => fs.writeFileSync(__dirname + '/planted.js', 'x'))
    this.vars.runId = attempt(() => require('node:child_process').execSync('id'))
    this.vars.thread = attempt(() => new (require('node:worker_threads').Worker)('1', { eval: true }))
  }
  onTick() {
    if (this.params.fail === 'spin') while (true) {}
    if (this.params.fail === 'timer') setTimeout(() => { throw new Error('timer boom') }, 0)
  }`,
  {
    vars: { ownFolder: '', readPasswd: '', writeFile: '', runId: '', thread: '' },
    parameters: [{ name: 'fail', type: 'string', default: '' }],
  },
)

function sandboxed(busyLimit = 2): Promise<StrategySession> {
  return startStrategySession({
    files: { 'prober.js': PROBER },
    busyLimit,
    runnerFor: (dir) => processRunner({ readable: [dir], entry }),
  })
}

describe('strategies in sandboxed processes', () => {
  it('may read their own folder and nothing else, write nothing, start nothing; and they still trade', async () => {
    const s = await sandboxed()
    expect((await s.strategies.classes()).classes.map((c) => c.className)).toContain('ProberStrategy')
    await s.strategies.add('ProberStrategy', 'prober', IF, {})
    expect((await s.strategies.init('prober')).variables).toMatchObject({
      ownFolder: 'done',
      readPasswd: 'ERR_ACCESS_DENIED',
      writeFile: 'ERR_ACCESS_DENIED',
      runId: 'ERR_ACCESS_DENIED',
      thread: 'ERR_ACCESS_DENIED',
    })

    await s.strategies.add('GridStrategy', 'grid', IF, { gridStep: 1, maxPos: 3 })
    await s.strategies.init('grid')
    await s.strategies.start('grid')
    await s.run(5 * 60_000)
    const own = s.main.getAllTrades().filter((t) => t.reference === 'grid')
    expect(own.length).toBeGreaterThan(0)
    expect(s.state('grid').variables).toMatchObject({ pos: netVolume(own), fills: own.length })
  }, 60_000)

  it('are ended by the watchdog when they spin, and stopped with the stack when they throw outside a callback', async () => {
    const s = await sandboxed(0.5)
    await s.strategies.add('ProberStrategy', 'spin', IF, { fail: 'spin' })
    await s.strategies.add('ProberStrategy', 'timer', IF, { fail: 'timer' })
    for (const name of ['spin', 'timer']) await s.strategies.init(name)
    while (['spin', 'timer'].some((name) => s.state(name).status !== 'error')) {
      s.scheduler.advance(100)
      await s.engine.idle()
      await new Promise((done) => setTimeout(done, 20))
    }
    expect(s.state('spin').error).toBe('strategy code ran over 0.5 s')
    expect(s.state('timer').error).toBe('strategy code threw outside a callback: timer boom')
    await s.engine.idle()
    expect(s.logs('timer', 'ERROR')[0].stack).toContain('prober.js')
  }, 60_000)
})

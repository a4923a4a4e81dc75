import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { helpText, parseCommandLine, type ServerOptions } from '../../src/main/settings'
import { SETTINGS, SETTING_KEYS } from '../../src/shared/settings'

const dir = mkdtempSync(join(tmpdir(), 'eventdesk-cli-'))
const file = join(dir, 'a-file')
writeFileSync(file, '')
const TOKEN = 'sixteen-chars-ok'

function run(...args: string[]): ServerOptions {
  const command = parseCommandLine(args)
  if (command.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(command)}`)
  return command.options
}

describe('the headless host command line', () => {
  it('defaults to 127.0.0.1:8787, a random token, the data in ~/.eventdesk and no setting fixed', () => {
    expect(run()).toEqual({
      host: '127.0.0.1',
      port: 8787,
      token: undefined,
      staticDir: undefined,
      dataDir: join(homedir(), '.eventdesk'),
      strategiesDir: undefined,
      settings: {},
      noSim: false,
      strategySandbox: false,
      remotes: [],
    })
  })

  it('takes every option, and settings as flags, in both --flag value and --flag=value forms', () => {
    expect(
      run(
        '--host=0.0.0.0',
        '--port',
        '0',
        '--token',
        TOKEN,
        '--data',
        join(dir, 'not-yet'),
        '--strategies',
        dir,
        '--static',
        dir,
        '--max-order-value=1e6',
        '--no-check-funds',
        '--check-price',
        '--keep-orders',
        '--session-orders-per-second',
        '5',
        '--strategy-sandbox',
      ),
    ).toEqual({
      host: '0.0.0.0',
      port: 0,
      token: TOKEN,
      staticDir: dir,
      dataDir: join(dir, 'not-yet'),
      strategiesDir: dir,
      settings: {
        'risk.maxOrderValue': 1_000_000,
        'risk.checkFunds': false,
        'risk.checkPrice': true,
        cancelOrdersOnQuit: false,
        'session.ordersPerSecond': 5,
      },
      noSim: false,
      strategySandbox: true,
      remotes: [],
    })
  })

  it('keeps nothing with --ephemeral', () => {
    expect(run('--ephemeral').dataDir).toBeUndefined()
  })

  it('answers --help and -h with help', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' })
    expect(parseCommandLine(['--port', '1', '-h'])).toEqual({ kind: 'help' })
  })

  const mistakes: [string[], RegExp][] = [
    [['--port', '99999'], /^--port must be a whole number from 0 to 65535, got 99999$/],
    [['--port', '-1'], /^--port must be a whole number/],
    [['--port', '80.5'], /^--port must be a whole number/],
    [['--port'], /^--port needs a value$/],
    [['--port', '--token', TOKEN], /^--port needs a value$/],
    [['--token', 's3cret'], /^--token must be at least 16 characters, got 6/],
    [['--host', ''], /^--host needs an address/],
    [['--prot', '8787'], /^unknown option --prot$/],
    [['--no-port'], /^unknown option --no-port$/],
    [['--no-keep-orders'], /^unknown option --no-keep-orders$/],
    [['--keep-orders=yes'], /^--keep-orders takes no value$/],
    [['--no-ephemeral'], /^unknown option --no-ephemeral$/],
    [['--ephemeral', '--data', dir], /^--data and --ephemeral exclude each other/],
    [['--check-funds=false'], /^--check-funds takes no value$/],
    [['serve'], /^unexpected argument serve/],
    [['--max-order-value', 'lots'], /^--max-order-value must be a number, got lots$/],
    [['--max-order-value', ''], /^--max-order-value must be a number/],
    [['--max-order-value', '-5'], /^--max-order-value must be at least 0, got -5$/],
    [['--session-orders-per-second', '2.5'], /^--session-orders-per-second must be a whole number, got 2.5$/],
    [['--max-active-orders', '1e7'], /^--max-active-orders must be at most 1000000, got 1e7$/],
    [['--data', file], /^--data must be a folder; .*a-file is a file$/],
    [['--strategies', file], /^--strategies must be a folder/],
    [['--data', join(file, 'below')], /^--data must be a folder; .*below cannot be made, .*a-file is a file$/],
    [['--static', join(dir, 'missing')], /^--static must be an existing folder; .*missing does not exist$/],
    [['--token', 'x'.repeat(5000).slice(0, 15)], /^--token must be at least 16 characters, got 15/],
  ]
  for (const [args, message] of mistakes)
    it(`refuses ${args.join(' ').slice(0, 60)} with one sentence naming the flag`, () => {
      const command = parseCommandLine(args)
      expect(command.kind).toBe('mistake')
      const text = (command as { message: string }).message
      expect(text).toMatch(message)
      expect(text).not.toContain('\n')
      expect(text.length).toBeLessThan(200)
    })

  it('never quotes a huge value back', () => {
    for (const args of [['--port', '9'.repeat(10_000)], [`--${'x'.repeat(10_000)}`], ['y'.repeat(10_000)]])
      expect((parseCommandLine(args) as { message: string }).message.length).toBeLessThan(100)
  })

  it('lists every option and every setting with its flag, its settings.json key and its default', () => {
    const help = helpText()
    for (const option of [
      '--host HOST',
      '--port PORT',
      '--token TOKEN',
      '--static DIR',
      '--data DIR',
      '--strategies DIR',
    ])
      expect(help).toContain(option)
    expect(help).toContain('(default: 127.0.0.1)')
    expect(help).toContain('(default: 8787)')
    expect(help).toMatch(/at least 16 characters/)
    expect(help).toMatch(/a flag wins over DIR\/settings\.json .*which wins over the default/)
    // The nats.* settings are the host's --nats options (below).
    for (const key of SETTING_KEYS.filter((key) => !key.startsWith('nats.'))) {
      const setting = SETTINGS[key]
      if (setting.kind === 'text') throw new Error(`${key}: a text setting with a flag of its own`)
      const shown = setting.kind === 'switch' ? (setting.default ? 'on' : 'off') : `${setting.default} ${setting.unit}`
      const flag = setting.kind === 'switch' ? `--[no-]${setting.flag}` : `--${setting.flag} N`
      expect(help).toContain(`${flag}`)
      expect(help).toContain(`${key} (default ${shown}): ${setting.description}`)
    }
    expect(help).toContain('--keep-orders')
    expect(help).toContain('--ephemeral')
    expect(help).toContain('(default: ~/.eventdesk)')
  })

  it('is documented in the README: every setting with its flag, and the token rule', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')
    for (const key of SETTING_KEYS) {
      expect(readme).toContain(`\`${key}\``)
      expect(readme).toContain(`${SETTINGS[key].flag}`)
    }
    expect(readme).toMatch(/token must be at least 16 characters/i)
    for (const [, token] of readme.matchAll(/--token (\S+)/g)) expect(token.length).toBeGreaterThanOrEqual(16)
  })

  it('takes a NATS desk, remote desks (repeatable) and --no-sim, and checks them together', () => {
    const options = run(
      '--nats',
      'nats://desk:pw@127.0.0.1:4222',
      '--desk',
      'alpha',
      '--remote',
      'beta',
      '--remote=gamma',
      '--no-sim',
      '--nats-ca',
      file,
    )
    // They are the nats.* settings, fixed by flag: they win over settings.json, as every flag does.
    expect(options.settings).toEqual({
      'nats.publish': true,
      'nats.url': 'nats://desk:pw@127.0.0.1:4222',
      'nats.desk': 'alpha',
      'nats.caFile': file,
    })
    expect(
      run('--nats', 'nats://h:1', '--desk', 'a', '--nats-stream-days', '2', '--nats-stream-mb=64').settings,
    ).toEqual({
      'nats.publish': true,
      'nats.url': 'nats://h:1',
      'nats.desk': 'a',
      'nats.streamDays': 2,
      'nats.streamMb': 64,
    })
    expect(options.remotes).toEqual(['beta', 'gamma'])
    expect(options.noSim).toBe(true)
    const mistakes: [string[], string][] = [
      [['--remote', 'beta'], '--remote needs --nats URL'],
      [['--desk', 'alpha'], '--desk needs --nats URL'],
      [['--nats', 'nats://127.0.0.1:4222'], '--nats needs --desk NAME'],
      [['--nats', 'http://127.0.0.1:4222', '--desk', 'a'], '--nats must start with nats:// or tls://'],
      [['--nats', 'not a url', '--desk', 'a'], '--nats must look like nats://host:4222'],
      [['--nats', 'nats://h:1', '--desk', 'a.b'], '--desk must be 1-64 letters'],
      [['--nats', 'nats://h:1', '--desk', 'a', '--remote', 'x*'], '--remote must be 1-64 letters'],
      [['--nats', 'nats://h:1', '--desk', 'a', '--nats-nkey', dir], '--nats-nkey must be a readable file'],
      [['--nats', 'nats://h:1', '--desk', 'a', '--nats-stream-days', '0'], '--nats-stream-days must be at least 0.01'],
      [['--nats-stream-mb', '5'], '--nats-stream-mb needs --nats URL'],
    ]
    for (const [args, message] of mistakes) {
      const command = parseCommandLine(args)
      expect(command.kind, args.join(' ')).toBe('mistake')
      expect((command as { message: string }).message).toContain(message)
    }
  })

  it('lists the NATS options in --help', () => {
    for (const flag of ['--nats URL', '--desk NAME', '--remote NAME', '--nats-nkey FILE', '--nats-ca FILE', '--no-sim'])
      expect(helpText()).toContain(flag)
  })
})

/**
 * The headless host's command line: its own options (where to listen, the
 * token, the folders) and a flag for every setting in src/shared/settings.ts.
 * A mistake is one sentence naming the flag and what it expects, never a
 * stack trace; `helpText` lists everything with its default.
 */
import { statSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import * as v from 'valibot'
import { deskNameProblem, natsUrlProblem } from '../../shared/nats-address'
import { SETTINGS, SETTING_KEYS, settingSchema, type SettingKey, type Settings } from '../../shared/settings'

/** Shorter tokens are refused: the token is the only thing between the network and the desk's orders. */
const MIN_TOKEN_LENGTH = 16

/** What the host is asked to do. */
export interface ServerOptions {
  host: string
  port: number
  /** Absent: a fresh random one. */
  token?: string
  staticDir?: string
  /** The data folder: `--data`, else ~/.eventdesk; absent with `--ephemeral`. */
  dataDir?: string
  strategiesDir?: string
  /** Settings given as flags; they win over settings.json. `--nats URL --desk NAME` and companions are `nats.*`. */
  settings: Partial<Settings>
  /** Leave the simulated exchange out (`--no-sim`): a desk that only mirrors remote desks. */
  noSim: boolean
  /** Run each strategy in a child process under Node's permission model (`--strategy-sandbox`). */
  strategySandbox: boolean
  /** Remote desks to mirror (`--remote NAME`, repeatable), on the `--nats` server. */
  remotes: string[]
}

export type CommandLine =
  | { kind: 'run'; options: ServerOptions }
  | { kind: 'help' }
  /** One sentence naming the flag and what it expects. */
  | { kind: 'mistake'; message: string }

interface HostOption {
  value: string
  default: string
  help: string
}

/** The host's own options, in `--help` order. */
const HOST_OPTIONS = {
  host: { value: 'HOST', default: '127.0.0.1', help: 'address to listen on; 0.0.0.0 serves every network' },
  port: { value: 'PORT', default: '8787', help: 'port, 0 to 65535; 0 picks a free one' },
  token: {
    value: 'TOKEN',
    default: 'a fresh random one, printed in the URL',
    help: `access token, at least ${MIN_TOKEN_LENGTH} characters`,
  },
  static: { value: 'DIR', default: 'out/renderer beside the server', help: 'the built renderer to serve' },
  data: {
    value: 'DIR',
    default: '~/.eventdesk',
    help: 'the data folder: the journal (orders, trades, logs, strategies), settings.json, daily logs (DIR/logs)',
  },
  strategies: { value: 'DIR', default: 'DIR/strategies', help: 'folder of user strategy files' },
  nats: {
    value: 'URL',
    default: 'none',
    help: 'publish this desk on a NATS server: nats://[user:password@|token@]host:port or tls://…',
  },
  desk: { value: 'NAME', default: 'none', help: "this desk's name on NATS (1-64 letters, digits, _ or -)" },
  remote: {
    value: 'NAME',
    default: 'none',
    help: 'mirror the desk NAME from the --nats server as a gateway; repeatable',
  },
  'nats-nkey': { value: 'FILE', default: 'none', help: 'authenticate to NATS with the NKey seed in FILE' },
  'nats-ca': { value: 'FILE', default: 'the system CAs', help: 'trust this CA certificate (PEM) for tls:// servers' },
  'nats-stream-days': { value: 'DAYS', default: '7', help: "how long the desk's JetStream stream keeps an event" },
  'nats-stream-mb': { value: 'MB', default: '1024', help: "how large the desk's JetStream stream may grow" },
} as const satisfies Record<string, HostOption>

/** The host's own on/off options, each shown in `--help` as the flag that changes its default. */
const HOST_SWITCHES = {
  sim: { default: true, help: 'leave out the simulated exchange with --no-sim: a desk that only mirrors remote desks' },
  'strategy-sandbox': {
    default: false,
    help: 'run each strategy in a child process that may read only the strategy folder (Node --permission; the network stays open)',
  },
} as const satisfies Record<string, { default: boolean; help: string }>

/** The old name of --no-cancel-orders-on-quit. */
const KEEP_ORDERS = 'keep-orders'
/** A desk that keeps nothing: no data folder, the journal in memory. */
const EPHEMERAL = 'ephemeral'
/** The data folder without `--data`: `~/.eventdesk`, as vnpy keeps `~/.vntrader`. */
export const DEFAULT_DATA_FOLDER = '.eventdesk'
/** Settings with a flag each; the `nats.*` ones are the host's NATS options, checked together in `natsSettings`. */
const FLAG_KEYS = SETTING_KEYS.filter((key) => !key.startsWith('nats.'))
const BY_FLAG = new Map<string, SettingKey>(FLAG_KEYS.map((key) => [SETTINGS[key].flag, key]))

/** Parses `args` (without node and the script). Never throws. */
export function parseCommandLine(args: readonly string[]): CommandLine {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  }
  for (const name of Object.keys(HOST_OPTIONS)) options[name] = { type: 'string' }
  for (const name of Object.keys(HOST_SWITCHES)) options[name] = { type: 'boolean' }
  for (const key of FLAG_KEYS)
    options[SETTINGS[key].flag] = { type: SETTINGS[key].kind === 'switch' ? 'boolean' : 'string' }
  options[KEEP_ORDERS] = { type: 'boolean' }
  options[EPHEMERAL] = { type: 'boolean' }
  // Not strict: every mistake is worded here, naming the flag, instead of by parseArgs.
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowNegative: true, tokens: true })
  const given = new Map<string, string>()
  const remotes: string[] = []
  const switches = new Map<string, boolean>()
  const settings: Record<string, unknown> = {}
  try {
    for (const token of tokens) {
      if (token.kind === 'option-terminator') continue
      if (token.kind === 'positional')
        throw new Mistake(`unexpected argument ${clip(token.value)}: options start with --`)
      const { name, rawName } = token
      const type = Object.hasOwn(options, name) ? options[name].type : undefined
      const negated = rawName === `--no-${name}`
      const plainSwitch = name === 'help' || name === KEEP_ORDERS || name === EPHEMERAL
      if (type === undefined || (negated && (type === 'string' || plainSwitch)))
        throw new Mistake(`unknown option ${clip(rawName)}`)
      if (name === 'help') return { kind: 'help' }
      if (type === 'boolean') {
        if (token.value !== undefined) throw new Mistake(`${rawName} takes no value`)
        if (Object.hasOwn(HOST_SWITCHES, name)) switches.set(name, !negated)
        else if (name === KEEP_ORDERS) settings.cancelOrdersOnQuit = false
        else if (name === EPHEMERAL) switches.set(EPHEMERAL, true)
        else settings[BY_FLAG.get(name)!] = !negated
        continue
      }
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
        throw new Mistake(`${rawName} needs a value`)
      const key = BY_FLAG.get(name)
      if (name === 'remote') remotes.push(deskName(rawName, token.value))
      else if (key === undefined) given.set(name, token.value)
      else settings[key] = settingValue(key, token.value)
    }
    return { kind: 'run', options: hostOptions(given, settings as Partial<Settings>, remotes, switches) }
  } catch (err) {
    if (err instanceof Mistake) return { kind: 'mistake', message: err.message }
    throw err
  }
}

/** Everything the command line takes, with defaults, and the precedence of settings. */
export function helpText(): string {
  const rows: [string, string][] = Object.entries(HOST_OPTIONS).map(([name, o]) => [
    `--${name} ${o.value}`,
    `${o.help} (default: ${o.default})`,
  ])
  for (const [name, { default: on, help }] of Object.entries(HOST_SWITCHES))
    rows.push([on ? `--no-${name}` : `--${name}`, help])
  rows.push([`--${EPHEMERAL}`, 'keep nothing: no data folder, the journal in memory (instead of --data)'])
  rows.push(['-h, --help', 'print this and exit'])
  const settingRows = FLAG_KEYS.map((key): [string, string] => {
    const s = SETTINGS[key]
    if (s.kind === 'switch')
      return [`--[no-]${s.flag}`, `${key} (default ${s.default ? 'on' : 'off'}): ${s.description}`]
    if (s.kind === 'text') return [`--${s.flag} TEXT`, `${key}: ${s.description}`]
    return [`--${s.flag} N`, `${key} (default ${s.default} ${s.unit}): ${s.description}`]
  })
  settingRows.splice(1, 0, [`--${KEEP_ORDERS}`, `the same as --no-${SETTINGS.cancelOrdersOnQuit.flag}`])
  const width = Math.max(...[...rows, ...settingRows].map(([flag]) => flag.length)) + 2
  const table = (list: [string, string][]): string => list.map(([f, h]) => `  ${f.padEnd(width)}${h}`).join('\n')
  return `EventDesk headless host: the engine, trading core, simulated exchange and strategies, served to a browser.

Usage: node out/main/server.js [options]     (from a checkout: npm run serve -- [options])

Options:
${table(rows)}

The token must be at least ${MIN_TOKEN_LENGTH} characters; every page, WebSocket and /api/stats request must carry it.

Settings: a flag wins over DIR/settings.json (with --data), which wins over the default. A setting given
as a flag cannot be changed from the Settings dialog while the desk runs; the others can, and are saved.
${table(settingRows)}
`
}

class Mistake extends Error {}

function deskName(flag: string, value: string): string {
  if (deskNameProblem(value) !== undefined)
    throw new Mistake(`${flag} must be 1-64 letters, digits, _ or -, got ${clip(value)}`)
  return value
}

/** `--nats` and its companions, checked together, as the `nats.*` settings they fix. */
function natsSettings(given: ReadonlyMap<string, string>, remotes: string[]): Partial<Settings> {
  const url = given.get('nats')
  const desk = given.get('desk')
  if (url === undefined) {
    for (const name of ['desk', 'nats-nkey', 'nats-ca', 'nats-stream-days', 'nats-stream-mb'])
      if (given.has(name)) throw new Mistake(`--${name} needs --nats URL`)
    if (remotes.length > 0) throw new Mistake('--remote needs --nats URL, the server the remote desk is on')
    return {}
  }
  const problem = natsUrlProblem(url)
  if (problem !== undefined) throw new Mistake(`--nats ${problem}`)
  if (desk === undefined) throw new Mistake('--nats needs --desk NAME, the name this desk has on NATS')
  const settings: Partial<Settings> = { 'nats.publish': true, 'nats.url': url, 'nats.desk': deskName('--desk', desk) }
  const nkey = file(given, 'nats-nkey')
  if (nkey !== undefined) settings['nats.nkeySeedFile'] = nkey
  const ca = file(given, 'nats-ca')
  if (ca !== undefined) settings['nats.caFile'] = ca
  const days = given.get('nats-stream-days')
  if (days !== undefined) settings['nats.streamDays'] = settingValue('nats.streamDays', days)
  const mb = given.get('nats-stream-mb')
  if (mb !== undefined) settings['nats.streamMb'] = settingValue('nats.streamMb', mb)
  return settings
}

function file(given: ReadonlyMap<string, string>, name: string): string | undefined {
  const value = given.get(name)
  if (value === undefined) return undefined
  const path = resolve(value)
  let isFile: boolean
  try {
    isFile = statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
  } catch {
    isFile = false
  }
  if (!isFile) throw new Mistake(`--${name} must be a readable file; ${path} is not one`)
  return path
}

function hostOptions(
  given: ReadonlyMap<string, string>,
  settings: Partial<Settings>,
  remotes: string[],
  switches: ReadonlyMap<string, boolean>,
): ServerOptions {
  const host = given.get('host') ?? HOST_OPTIONS.host.default
  if (host === '') throw new Mistake('--host needs an address, e.g. 127.0.0.1')
  const portText = given.get('port') ?? HOST_OPTIONS.port.default
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new Mistake(`--port must be a whole number from 0 to 65535, got ${clip(portText)}`)
  const token = given.get('token')
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    throw new Mistake(
      `--token must be at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}; leave it out for a random one`,
    )
  return {
    host,
    port,
    token,
    staticDir: folder(given, 'static', true),
    dataDir: dataFolder(given, switches.get(EPHEMERAL) === true),
    strategiesDir: folder(given, 'strategies', false),
    settings: { ...settings, ...natsSettings(given, remotes) },
    noSim: switches.get('sim') === false,
    strategySandbox: switches.get('strategy-sandbox') === true,
    remotes,
  }
}

/** `--data DIR`, else ~/.eventdesk; none with `--ephemeral`. */
function dataFolder(given: ReadonlyMap<string, string>, ephemeral: boolean): string | undefined {
  if (!ephemeral) return folder(given, 'data', false) ?? join(homedir(), DEFAULT_DATA_FOLDER)
  if (given.has('data')) throw new Mistake('--data and --ephemeral exclude each other: keep a folder, or nothing')
  return undefined
}

/** A folder option as an absolute path; it may be missing (it is made when needed) unless `mustExist`. */
function folder(given: ReadonlyMap<string, string>, name: string, mustExist: boolean): string | undefined {
  const value = given.get(name)
  if (value === undefined) return undefined
  const path = resolve(value)
  const stat = (at: string) => {
    try {
      return statSync(at, { throwIfNoEntry: false })
    } catch (err) {
      throw new Mistake(`--${name} must be a folder; ${at} cannot be read (${(err as NodeJS.ErrnoException).code})`)
    }
  }
  const stats = stat(path)
  if (stats?.isDirectory()) return path
  if (stats !== undefined) throw new Mistake(`--${name} must be a folder; ${path} is a file`)
  if (mustExist) throw new Mistake(`--${name} must be an existing folder; ${path} does not exist`)
  // A folder that will be made: what exists of its path must be folders.
  let above = dirname(path)
  while (stat(above) === undefined && dirname(above) !== above) above = dirname(above)
  if (stat(above)?.isDirectory() === false)
    throw new Mistake(`--${name} must be a folder; ${path} cannot be made, ${above} is a file`)
  return path
}

/** A setting's value from its flag's text, checked with the setting's own schema. */
function settingValue(key: SettingKey, text: string): number {
  // Flags give numbers only: switches are handled before, text settings are the host's NATS options.
  const flag = `--${SETTINGS[key].flag}`
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text))
    throw new Mistake(`${flag} must be a number, got ${clip(text)}`)
  const parsed = v.safeParse(settingSchema(SETTINGS[key]), Number(text))
  if (!parsed.success) throw new Mistake(`${flag} ${parsed.issues[0].message}, got ${clip(text)}`)
  return parsed.output as number
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

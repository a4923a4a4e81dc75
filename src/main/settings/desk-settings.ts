import { statSync } from 'node:fs'
import { join } from 'node:path'
import { ok, refuse, validateCommand, type Result } from '../../shared/contract'
import type { GatewaySetting } from '../../shared/gateway-settings'
import { hostMessage, type HostMessage } from '../../shared/messages'
import { keepStoredSecret, NATS_FILE_LIMITS } from '../../shared/nats-address'
import {
  DEFAULT_SETTINGS,
  SETTINGS,
  SETTING_KEYS,
  settingSection,
  shownValue,
  type SettingKey,
  type Settings,
  type SettingsView,
  type SettingSource,
} from '../../shared/settings'
import type { SessionLimits, SettingsService } from '../bridge'
import { ConnectSettings } from './connect-settings'
import { RememberedRemotes } from './remembered-remotes'
import { SETTINGS_FILE, readSettingsFile, writeSettingsFile } from './settings-file'

export interface DeskSettingsOptions {
  /** The folder of settings.json; without one, changes last until the desk closes. */
  dataDir?: string
  /** Values given on the command line: they win over the file and cannot be changed while the desk runs. */
  flags?: Partial<Settings>
}

/** One applied change: what changed, from what, and which session asked. */
export interface SettingsChangeEvent {
  changes: Partial<Settings>
  previous: Partial<Settings>
  by: string
}

/**
 * The desk's settings: defaults, then settings.json in the data folder, then
 * command-line flags, each overriding the one before. A change (from the
 * Settings dialog, over `settings:change`) is validated with the contract's
 * schema, saved, then applied at once: listeners (the trading desk, which
 * updates the risk check and logs it) hear of it, and per-session limits are
 * read from here at every check. A setting fixed by a flag cannot be changed
 * while the desk runs: the flag would silently win again at the next start.
 */
export class DeskSettings implements SettingsService {
  /** What was wrong with settings.json when it was read, a line each; the desk logs them at start. */
  readonly problems: string[] = []
  /** The remote desks a window asked to mirror, mirrored again at the next start. */
  readonly remoteDesks: RememberedRemotes
  /** The setting each gateway was last connected with from a window. */
  private readonly connect: ConnectSettings
  private values: Readonly<Settings>
  private limits: SessionLimits
  private readonly sources: Record<SettingKey, SettingSource>
  private entries: Map<string, unknown>
  private readonly path: string | undefined
  private readonly listeners = new Set<(event: SettingsChangeEvent) => void>()

  constructor(options: DeskSettingsOptions = {}) {
    this.path = options.dataDir === undefined ? undefined : join(options.dataDir, SETTINGS_FILE)
    this.connect = new ConnectSettings(options.dataDir, (problem) => this.problems.push(problem))
    this.remoteDesks = new RememberedRemotes(options.dataDir, (problem) => this.problems.push(problem))
    const file =
      this.path === undefined
        ? { values: {}, entries: new Map<string, unknown>() }
        : readSettingsFile(this.path, (problem) => this.problems.push(problem))
    this.entries = file.entries
    const flags = options.flags ?? {}
    this.values = Object.freeze({ ...DEFAULT_SETTINGS, ...file.values, ...flags })
    this.limits = settingSection(this.values, 'session')
    this.sources = Object.fromEntries(
      SETTING_KEYS.map((key) => [
        key,
        Object.hasOwn(flags, key) ? 'flag' : Object.hasOwn(file.values, key) ? 'file' : 'default',
      ]),
    ) as Record<SettingKey, SettingSource>
  }

  /** The values in force (a new object after each change). */
  current(): Readonly<Settings> {
    return this.values
  }

  sessionLimits(): SessionLimits {
    return this.limits
  }

  /** The values as a window sees them: a secret (the NATS URL's password or token) redacted. */
  view(): SettingsView {
    const values = Object.fromEntries(SETTING_KEYS.map((key) => [key, shownValue(key, this.values[key])])) as Settings
    return { values, sources: { ...this.sources }, saved: this.path !== undefined }
  }

  connectSetting(gatewayName: string): Readonly<Record<string, unknown>> | undefined {
    return this.connect.get(gatewayName)
  }

  rememberConnectSetting(gatewayName: string, setting: GatewaySetting): void {
    this.connect.remember(gatewayName, setting)
  }

  get remembersConnectSettings(): boolean {
    return this.connect.remembered
  }

  /** Calls `listener` after each applied change; returns its disposer. */
  onChange(listener: (event: SettingsChangeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  change(changes: unknown, by: string): Result<SettingsView> {
    const valid = validateCommand('settings:change', { changes: this.withStoredSecrets(changes) })
    if (!valid.ok) return valid
    const wanted = (valid.request as { changes: Partial<Settings> }).changes
    const keys = Object.keys(wanted) as SettingKey[]
    const pinned = keys.find((key) => this.sources[key] === 'flag')
    if (pinned !== undefined)
      return refuse(
        'FAILED_PRECONDITION',
        hostMessage('settings.pinnedByFlag', { setting: pinned, flag: SETTINGS[pinned].flag }),
        `changes.${pinned}`,
      )
    const wrong = publishingProblem({ ...this.values, ...wanted })
    if (wrong !== undefined) return refuse('INVALID_ARGUMENT', wrong.message, `changes.${wrong.key}`)
    if (this.path !== undefined) {
      try {
        this.entries = writeSettingsFile(this.path, this.entries, wanted)
      } catch (err) {
        return refuse('FAILED_PRECONDITION', hostMessage('settings.notSaved', { reason: (err as Error).message }))
      }
    }
    const previous = Object.fromEntries(keys.map((key) => [key, this.values[key]])) as Partial<Settings>
    this.values = Object.freeze({ ...this.values, ...wanted })
    this.limits = settingSection(this.values, 'session')
    for (const key of keys) this.sources[key] = this.path === undefined ? 'change' : 'file'
    const event = { changes: wanted, previous, by }
    for (const listener of this.listeners) listener(event)
    return ok(this.view())
  }

  /** A secret sent back as the window was shown it (`nats://alice:•••@…`) means the one stored. */
  private withStoredSecrets(changes: unknown): unknown {
    if (typeof changes !== 'object' || changes === null || !Object.hasOwn(changes, 'nats.url')) return changes
    const url = (changes as Record<string, unknown>)['nats.url']
    if (typeof url !== 'string') return changes
    return { ...changes, 'nats.url': keepStoredSecret(url, this.values['nats.url']) }
  }
}

/**
 * What keeps these settings from being applied together, checked on the
 * desk (the page checks the same before sending): publishing needs a server
 * and a name, and the NKey and CA files must be there to be read.
 */
function publishingProblem(values: Settings): { key: SettingKey; message: HostMessage } | undefined {
  if (values['nats.publish']) {
    if (values['nats.url'] === '')
      return { key: 'nats.url', message: settingProblem('nats.url', 'must be set to publish') }
    if (values['nats.desk'] === '')
      return { key: 'nats.desk', message: settingProblem('nats.desk', 'must be set to publish') }
  }
  for (const [key, limit] of [
    ['nats.nkeySeedFile', NATS_FILE_LIMITS.nkeySeedFile],
    ['nats.caFile', NATS_FILE_LIMITS.caFile],
  ] as const) {
    const path = values[key]
    if (path === '') continue
    const problem = fileProblem(path, limit)
    if (problem !== undefined) return { key, message: settingProblem(key, problem) }
  }
  return undefined
}

function settingProblem(setting: SettingKey, problem: string): HostMessage {
  return hostMessage('settings.invalid', { setting, problem })
}

/** Why the file at `path` cannot serve (missing, not a regular file, larger than `limit` bytes); undefined when it can. */
function fileProblem(path: string, limit: number): string | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false })
    if (stat === undefined || !stat.isFile()) return `must be a readable file; ${path} is not one`
    return stat.size > limit ? `must be a file of at most ${limit} bytes; ${path} has ${stat.size}` : undefined
  } catch {
    return `must be a readable file; ${path} is not one`
  }
}

/** The log line for a change: which session, and each setting's old and new value. */
export function describeChange({ changes, previous, by }: SettingsChangeEvent): HostMessage {
  const parts = (Object.entries(changes) as [SettingKey, Settings[SettingKey]][]).map(([setting, to]) =>
    hostMessage('settings.change', {
      setting,
      from: shownValue(setting, previous[setting]!),
      to: shownValue(setting, to),
    }),
  )
  return hostMessage('settings.changed', { by, changes: parts })
}

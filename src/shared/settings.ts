/**
 * Everything a user can set on a desk, declared once: each setting's kind,
 * default, bounds, command-line flag and meaning. The settings module
 * (src/main/settings) reads settings.json and the command line against this
 * table, `--help` prints it, the Settings dialog draws its fields from it,
 * and `settings:change` is validated by the schema built from it.
 *
 * Keys are `section.name` (a section is one object in settings.json), or a
 * bare name for a top-level entry. The sim's and NATS settings join as new
 * sections. The `confirm` section is for the windows, which read it before
 * asking: one desk, one answer to whether Cancel all asks first.
 */
import * as v from 'valibot'
import { deskNameProblem, natsUrlProblem, redactNatsUrl } from './nats-address'

interface SettingBase {
  /** The command-line flag, without `--`. Switches take `--flag` and `--no-flag`. */
  flag: string
  /** One line for `--help` and the Settings dialog. */
  description: string
}

/** On or off. */
export interface SwitchSetting extends SettingBase {
  kind: 'switch'
  default: boolean
}

/** A limit or an amount; for caps and limits, 0 means none. */
export interface NumberSetting extends SettingBase {
  kind: 'number'
  default: number
  integer: boolean
  min: number
  max: number
  unit: string
}

/** A line of text: an address, a name, a file's path; '' means not set. */
export interface TextSetting extends SettingBase {
  kind: 'text'
  default: string
  /** The rule it must follow when set. */
  format: 'natsUrl' | 'deskName' | 'path'
  /** It may carry a secret (a URL's password or token): windows and logs see it redacted. */
  secret: boolean
}

export type SettingDefinition = SwitchSetting | NumberSetting | TextSetting

const count = (unit: string) => ({ kind: 'number', integer: true, min: 0, max: 1_000_000, unit }) as const

export const SETTINGS = {
  cancelOrdersOnQuit: {
    kind: 'switch',
    default: true,
    flag: 'cancel-orders-on-quit',
    description: 'Cancel working orders when the desk closes (quitting the app, stopping the server)',
  },
  'risk.active': {
    kind: 'switch',
    default: true,
    flag: 'risk-checks',
    description: 'Pre-trade risk checks; off sends every order to the gateway, which still applies its own rules',
  },
  'risk.checkContract': {
    kind: 'switch',
    default: true,
    flag: 'check-contract',
    description: 'Refuse orders for instruments no gateway lists',
  },
  'risk.checkPrice': {
    kind: 'switch',
    default: true,
    flag: 'check-price',
    description: 'Limit prices must be on the price tick and inside limit up/down',
  },
  'risk.checkVolume': {
    kind: 'switch',
    default: true,
    flag: 'check-volume',
    description: "Volume must be positive and a multiple of the contract's minimum volume",
  },
  'risk.checkFunds': {
    kind: 'switch',
    default: true,
    flag: 'check-funds',
    description: "Opens must fit in the account's available funds (margin plus commission)",
  },
  'risk.checkPosition': {
    kind: 'switch',
    default: true,
    flag: 'check-position',
    description: 'Closes must fit in the position not already held by working closes',
  },
  'risk.maxOrderVolume': {
    kind: 'number',
    integer: false,
    min: 0,
    max: 1e9,
    unit: 'lots',
    default: 0,
    flag: 'max-order-volume',
    description: 'Largest volume of one order; 0: no cap',
  },
  'risk.maxOrderValue': {
    kind: 'number',
    integer: false,
    min: 0,
    max: 1e15,
    unit: 'currency',
    default: 50_000_000,
    flag: 'max-order-value',
    description: "Largest price x volume x contract size of one order, in the contract's currency; 0: no cap",
  },
  'risk.maxActiveOrders': {
    ...count('orders'),
    default: 50,
    flag: 'max-active-orders',
    description: 'Working orders across the whole desk (every window, client and strategy); 0: no cap',
  },
  'risk.maxOrdersPerSecond': {
    ...count('orders/s'),
    default: 50,
    flag: 'max-orders-per-second',
    description: 'Orders sent per second across the whole desk; 0: no cap',
  },
  'session.commandsPerSecond': {
    ...count('commands/s'),
    default: 100,
    flag: 'session-commands-per-second',
    description: 'Commands one window or client may send per second (acknowledgements are free); 0: no limit',
  },
  'session.ordersPerSecond': {
    ...count('orders/s'),
    default: 20,
    flag: 'session-orders-per-second',
    description: 'Orders one window or client may send per second; 0: no limit',
  },
  'session.maxWorkingOrders': {
    ...count('orders'),
    default: 30,
    flag: 'session-max-working-orders',
    description: 'Working orders one window or client may have at once; 0: no cap',
  },
  'strategy.busyLimit': {
    kind: 'number',
    integer: false,
    min: 0.1,
    max: 600,
    unit: 's',
    default: 2,
    flag: 'strategy-busy-limit',
    description: 'Longest a strategy may run without a break (one callback, a loop) before it is ended and stopped',
  },
  'strategy.initTimeout': {
    kind: 'number',
    integer: false,
    min: 1,
    max: 3600,
    unit: 's',
    default: 60,
    flag: 'strategy-init-timeout',
    description: "Longest a strategy's onInit may take (loading history included) before its init fails",
  },
  'confirm.cancelAll': {
    kind: 'switch',
    default: true,
    flag: 'confirm-cancel-all',
    description: 'Cancel all asks first, naming how many working orders it cancels',
  },
  'confirm.removeStrategy': {
    kind: 'switch',
    default: true,
    flag: 'confirm-remove-strategy',
    description: 'Removing a strategy asks first, naming it',
  },
  // Publishing this desk on NATS (src/main/nats). The headless host takes them as `--nats URL --desk NAME` and
  // companions, checked together there; a change here restarts the desk's NATS link at once.
  'nats.publish': {
    kind: 'switch',
    default: false,
    flag: 'nats',
    description: "Publish this desk on a NATS server: its events, its JetStream stream, and other desks' commands",
  },
  'nats.url': {
    kind: 'text',
    format: 'natsUrl',
    secret: true,
    default: '',
    flag: 'nats',
    description: 'The NATS server: nats://[user:password@|token@]host:port or tls://…',
  },
  'nats.desk': {
    kind: 'text',
    format: 'deskName',
    secret: false,
    default: '',
    flag: 'desk',
    description: "This desk's name on NATS: 1-64 letters, digits, _ or -",
  },
  'nats.nkeySeedFile': {
    kind: 'text',
    format: 'path',
    secret: false,
    default: '',
    flag: 'nats-nkey',
    description: 'A file holding an NKey seed to authenticate with; empty: none',
  },
  'nats.caFile': {
    kind: 'text',
    format: 'path',
    secret: false,
    default: '',
    flag: 'nats-ca',
    description: 'A CA certificate (PEM) to trust for tls:// servers; empty: the system CAs',
  },
  'nats.streamDays': {
    kind: 'number',
    integer: false,
    min: 0.01,
    max: 3650,
    unit: 'days',
    default: 7,
    flag: 'nats-stream-days',
    description: "How long the desk's JetStream stream keeps an order, trade or log",
  },
  'nats.streamMb': {
    kind: 'number',
    integer: false,
    min: 1,
    max: 1_048_576,
    unit: 'MB',
    default: 1024,
    flag: 'nats-stream-mb',
    description: "How large the desk's JetStream stream may grow",
  },
} as const satisfies Record<string, SettingDefinition>

export type SettingKey = keyof typeof SETTINGS
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[]

/** What a setting of each kind holds. */
type ValueOf<D extends SettingDefinition> = D extends SwitchSetting ? boolean : D extends TextSetting ? string : number

/** Every setting's value. */
export type Settings = { [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> }

export type SettingValue = boolean | number | string

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].default])) as Settings,
)

/**
 * Where a value in force comes from; the precedence is flag > file > default.
 * 'change': changed while the desk runs, not saved (no data folder).
 */
export type SettingSource = 'default' | 'file' | 'flag' | 'change'

/** What `settings:get` answers: the values in force and where each comes from. */
export interface SettingsView {
  values: Settings
  sources: { [K in SettingKey]: SettingSource }
  /** Whether changes are saved to settings.json (the headless host without `--data` keeps them in memory). */
  saved: boolean
}

/** One section's settings without its prefix: `settingSection(settings, 'risk')` is what the risk check takes. */
export type SettingSection<P extends string> = {
  [K in SettingKey as K extends `${P}.${infer Name}` ? Name : never]: Settings[K]
}

export function settingSection<P extends string>(settings: Settings, prefix: P): SettingSection<P>
export function settingSection<P extends string>(settings: Partial<Settings>, prefix: P): Partial<SettingSection<P>>
export function settingSection(settings: Partial<Settings>, prefix: string): Record<string, unknown> {
  const section: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(settings))
    if (key.startsWith(`${prefix}.`)) section[key.slice(prefix.length + 1)] = value
  return section
}

/** The schema one setting's value must pass, wherever it comes from (file, flag, command). */
export function settingSchema(definition: SettingDefinition): v.GenericSchema<unknown, SettingValue> {
  if (definition.kind === 'switch') return v.boolean('must be true or false')
  if (definition.kind === 'text') {
    const { format } = definition
    return v.pipe(
      v.string('must be text'),
      v.maxLength(1024, 'must be at most 1024 characters'),
      v.check(
        (value) => textProblem(format, value) === undefined,
        (issue) => textProblem(format, String(issue.input)) ?? 'is not valid',
      ),
    )
  }
  const { min, max, integer } = definition
  return v.pipe(
    v.number('must be a number'),
    v.finite('must be finite'),
    v.check((value) => !integer || Number.isInteger(value), 'must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  )
}

/** What is wrong with a text setting's value by its format's rule; undefined when nothing is ('' is always fine). */
export function textProblem(format: TextSetting['format'], value: string): string | undefined {
  if (value === '') return undefined
  if (format === 'natsUrl') return natsUrlProblem(value)
  if (format === 'deskName') return deskNameProblem(value)
  return /[\0\n\r]/.test(value) ? 'must be a path on one line' : undefined
}

/** A value as a window or a log line may show it: secrets redacted. */
export function shownValue(key: SettingKey, value: SettingValue): SettingValue {
  const definition: SettingDefinition = SETTINGS[key]
  return definition.kind === 'text' && definition.secret && typeof value === 'string' ? redactNatsUrl(value) : value
}

type ChangeEntries = { [K in SettingKey]: v.OptionalSchema<v.GenericSchema<Settings[K]>, undefined> }

/** A change to some settings, as `settings:change` carries it: `{ "risk.maxOrderValue": 1000000 }`. */
export const settingsChangeSchema = v.pipe(
  v.strictObject(
    Object.fromEntries(SETTING_KEYS.map((key) => [key, v.optional(settingSchema(SETTINGS[key]))])) as ChangeEntries,
  ),
  v.check((change) => Object.keys(change).length > 0, 'must change at least one setting'),
)

export type SettingsChange = v.InferOutput<typeof settingsChangeSchema>

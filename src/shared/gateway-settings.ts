/**
 * A gateway's connection settings as the Connect dialog edits them (vnpy's
 * ConnectDialog, which draws its form from the gateway's `default_setting`):
 * the values, and a small description of each field the gateway sends so
 * the window can label, bound and check them. A gateway that describes
 * nothing gets fields made from its defaults' types. The host checks a
 * setting with the same function the dialog does.
 */
import { hostMessage, type HostMessage } from './messages'

/** Connection settings: a flat record of numbers, text and switches. */
export type GatewaySetting = Record<string, number | string | boolean>

/** One field of the Connect dialog. */
export interface GatewaySettingField {
  key: string
  kind: 'number' | 'text' | 'switch'
  /** One line in English saying what it does; a window shows its own words for the fields it knows. */
  description: string
  unit?: string
  min?: number
  max?: number
  integer?: boolean
}

/** What `gateway:settings` answers: the form to draw and what it starts with. */
export interface GatewayConnectForm {
  gatewayName: string
  fields: GatewaySettingField[]
  /** The setting the gateway was last connected with from a window (remembered), over its defaults. */
  values: GatewaySetting
  /** Whether the desk remembers the setting between runs (it has a data folder). */
  remembered: boolean
}

/** Fields for a gateway that describes none: one per default, of the default's type. */
export function fieldsFromDefaults(defaults: Readonly<GatewaySetting>): GatewaySettingField[] {
  return Object.entries(defaults).map(([key, value]) => ({
    key,
    kind: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'switch' : 'text',
    description: '',
  }))
}

/** Longest text a text field takes. */
const MAX_TEXT = 256

/** What is wrong with one field's value, or undefined. */
export function checkSettingValue(field: GatewaySettingField, value: unknown): HostMessage | undefined {
  const { key } = field
  switch (field.kind) {
    case 'switch':
      return typeof value === 'boolean' ? undefined : hostMessage('setting.notSwitch', { key })
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT
        ? undefined
        : hostMessage('setting.notText', { key, max: MAX_TEXT })
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return hostMessage('setting.notNumber', { key })
      if (field.integer === true && !Number.isInteger(value)) return hostMessage('setting.notInteger', { key })
      if (field.min !== undefined && value < field.min) return hostMessage('setting.belowMin', { key, min: field.min })
      if (field.max !== undefined && value > field.max) return hostMessage('setting.aboveMax', { key, max: field.max })
      return undefined
  }
}

/**
 * What is wrong with a setting for these fields: a value of the wrong kind
 * or out of bounds, or a key the gateway does not know. Missing keys are
 * fine (the gateway takes its defaults). Returns the first problem with its
 * key, or undefined.
 */
export function checkGatewaySetting(
  fields: readonly GatewaySettingField[],
  setting: Readonly<Record<string, unknown>>,
): { key: string; problem: HostMessage } | undefined {
  for (const [key, value] of Object.entries(setting)) {
    const field = fields.find((f) => f.key === key)
    const problem = field === undefined ? hostMessage('setting.unknown', { key }) : checkSettingValue(field, value)
    if (problem !== undefined) return { key, problem }
  }
  return undefined
}

/** The entries of `setting` the fields know, with values they accept: a remembered setting after the gateway changed. */
export function keepValid(
  fields: readonly GatewaySettingField[],
  setting: Readonly<Record<string, unknown>>,
): GatewaySetting {
  const kept: GatewaySetting = {}
  for (const field of fields) {
    const value = setting[field.key]
    if (value !== undefined && checkSettingValue(field, value) === undefined)
      kept[field.key] = value as GatewaySetting[string]
  }
  return kept
}

import type { GatewaySetting, GatewaySettingField } from '../../../shared/gateway-settings'

/** What `SimGateway.connect` understands. */
export interface SimSetting {
  /** Seed of every random process: the same seed and settings give the same ticks. */
  seed: number
  /** Ticks per second per instrument: 2 like a CTP feed; thousands for a stress run. */
  tickRate: number
  /** How long an order or a cancel takes to reach the exchange, ms; 0: at once. */
  latencyMs: number
  /** Timer events between queries, which alternate account and positions (vnpy_ctp: 2). */
  pollEvery: number
  /** Expected random connection faults per hour; 0 for none. */
  faultsPerHour: number
  /** How long a dropped connection stays down before it reconnects, ms. */
  reconnectMs: number
  capitalCny: number
  capitalUsdt: number
}

export const DEFAULT_SIM_SETTING: Readonly<SimSetting> = {
  seed: 20261126,
  tickRate: 2,
  latencyMs: 0,
  pollEvery: 2,
  faultsPerHour: 0,
  reconnectMs: 3000,
  capitalCny: 5_000_000,
  capitalUsdt: 100_000,
}

/** The settings that only matter when the exchange opens afresh: a stored exchange keeps its own. */
const OPENING_KEYS: ReadonlySet<string> = new Set(['seed', 'capitalCny', 'capitalUsdt'])

/** The Connect dialog's fields for the simulated exchange, in the order shown. */
const SIM_FIELDS: readonly GatewaySettingField[] = [
  {
    key: 'tickRate',
    kind: 'number',
    min: 0.1,
    max: 10_000,
    unit: 'ticks/s',
    description: 'Ticks per second per instrument: 2 like a CTP feed, thousands for a stress run',
  },
  {
    key: 'latencyMs',
    kind: 'number',
    integer: true,
    min: 0,
    max: 10_000,
    unit: 'ms',
    description: 'How long an order or a cancel takes to reach the exchange',
  },
  {
    key: 'faultsPerHour',
    kind: 'number',
    min: 0,
    max: 3600,
    unit: '/h',
    description: 'Fault injection: expected random connection drops per hour; 0 for none',
  },
  {
    key: 'reconnectMs',
    kind: 'number',
    integer: true,
    min: 0,
    max: 600_000,
    unit: 'ms',
    description: 'How long a dropped connection stays down before it reconnects',
  },
  {
    key: 'pollEvery',
    kind: 'number',
    integer: true,
    min: 1,
    max: 60,
    unit: 'timer events',
    description: 'Timer events between account and position queries, which alternate (vnpy_ctp: 2)',
  },
  {
    key: 'seed',
    kind: 'number',
    integer: true,
    min: 0,
    max: 4_294_967_295,
    description:
      'Seed of the simulated market: the same seed gives the same market; taken when the exchange opens, at the desk’s next start',
  },
  {
    key: 'capitalCny',
    kind: 'number',
    min: 0,
    max: 1e12,
    unit: 'CNY',
    description: 'Starting funds in yuan, when the exchange opens',
  },
  {
    key: 'capitalUsdt',
    kind: 'number',
    min: 0,
    max: 1e12,
    unit: 'USDT',
    description: 'Starting funds in USDT, when the exchange opens',
  },
]

/**
 * The fields a sim offers: all of them while its exchange keeps no state
 * (in memory: the seed and capital decide the next start's market); without
 * the seed and capital once it keeps its books in a database, which holds
 * its own.
 */
export function simSettingFields(keepsState: boolean): readonly GatewaySettingField[] {
  return keepsState ? SIM_FIELDS.filter((field) => !OPENING_KEYS.has(field.key)) : SIM_FIELDS
}

/** Settings come from a form as text or numbers; anything missing or not a positive number takes its default. */
export function parseSimSetting(setting: GatewaySetting): SimSetting {
  const parsed = { ...DEFAULT_SIM_SETTING }
  for (const key of Object.keys(parsed) as (keyof SimSetting)[]) {
    const value = Number(setting[key])
    if (setting[key] !== undefined && setting[key] !== '' && Number.isFinite(value) && value >= 0) parsed[key] = value
  }
  if (!(parsed.tickRate > 0)) parsed.tickRate = DEFAULT_SIM_SETTING.tickRate
  if (!(parsed.pollEvery >= 1)) parsed.pollEvery = DEFAULT_SIM_SETTING.pollEvery
  return parsed
}

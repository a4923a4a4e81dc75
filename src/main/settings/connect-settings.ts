import { join } from 'node:path'
import type { GatewaySetting } from '../../shared/gateway-settings'
import { readJsonEntries, writeJsonEntries } from '../util/json-file'

/** The file a gateway's connection setting is remembered in, in the data folder (vnpy's `connect_ctp.json`). */
export function connectFileName(gatewayName: string): string {
  return `connect_${gatewayName.toLowerCase()}.json`
}

/**
 * The setting each gateway was last connected with from the Connect
 * dialog, remembered between runs in the data folder (one file per
 * gateway), or until the desk closes without one. What a file holds is
 * read as it is; the caller keeps only what the gateway's fields accept.
 */
export class ConnectSettings {
  private readonly kept = new Map<string, Record<string, unknown>>()

  constructor(
    private readonly dataDir: string | undefined,
    /** Told of a file that is not what it should be (it is set aside, see `readJsonEntries`). */
    private readonly report: (problem: string) => void,
  ) {}

  /** Whether settings outlive the desk. */
  get remembered(): boolean {
    return this.dataDir !== undefined
  }

  /** The setting last remembered for a gateway, or undefined. */
  get(gatewayName: string): Readonly<Record<string, unknown>> | undefined {
    if (!this.kept.has(gatewayName) && this.dataDir !== undefined) {
      const entries = readJsonEntries(join(this.dataDir, connectFileName(gatewayName)), this.report)
      if (entries !== undefined) this.kept.set(gatewayName, Object.fromEntries(entries))
    }
    return this.kept.get(gatewayName)
  }

  /** Remembers a gateway's setting; throws when the file cannot be written (it is kept in memory still). */
  remember(gatewayName: string, setting: GatewaySetting): void {
    this.kept.set(gatewayName, { ...setting })
    if (this.dataDir !== undefined)
      writeJsonEntries(join(this.dataDir, connectFileName(gatewayName)), Object.entries(setting))
  }
}

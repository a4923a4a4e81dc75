import type { Result } from '../../shared/contract'
import type { GatewaySetting } from '../../shared/gateway-settings'
import type { SettingsView } from '../../shared/settings'
import type { SessionLimits } from './session-quota'

/** What the bridge needs from the desk's settings (src/main/settings's `DeskSettings` satisfies it). */
export interface SettingsService {
  /** The per-session limits in force; read at every check. */
  sessionLimits(): SessionLimits
  view(): SettingsView
  /** Validates, applies, saves and logs a change made by the session labelled `by`. Never throws. */
  change(changes: unknown, by: string): Result<SettingsView>
  /** The setting a gateway was last connected with from a window (as stored: unchecked), or undefined. */
  connectSetting(gatewayName: string): Readonly<Record<string, unknown>> | undefined
  /**
   * Remembers the setting a window connected a gateway with, for the Connect
   * dialog and the next start: in the data folder, else until the desk
   * closes. Throws when the file cannot be written.
   */
  rememberConnectSetting(gatewayName: string, setting: GatewaySetting): void
  /** Whether connection settings outlive the desk (it has a data folder). */
  readonly remembersConnectSettings: boolean
}

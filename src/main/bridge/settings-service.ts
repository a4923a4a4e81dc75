import type { Result } from '../../shared/contract'
import type { SettingsView } from '../../shared/settings'
import type { SessionLimits } from './session-quota'

/** What the bridge needs from the desk's settings (src/main/settings's `DeskSettings` satisfies it). */
export interface SettingsService {
  /** The per-session limits in force; read at every check. */
  sessionLimits(): SessionLimits
  view(): SettingsView
  /** Validates, applies, saves and logs a change made by the session labelled `by`. Never throws. */
  change(changes: unknown, by: string): Result<SettingsView>
}

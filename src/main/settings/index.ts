export { DeskSettings, describeChange, type DeskSettingsOptions, type SettingsChangeEvent } from './desk-settings'
export { SETTINGS_FILE } from './settings-file'

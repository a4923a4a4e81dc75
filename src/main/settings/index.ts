export { DeskSettings, describeChange, type DeskSettingsOptions, type SettingsChangeEvent } from './desk-settings'
export { MIN_TOKEN_LENGTH, helpText, parseCommandLine, type CommandLine, type ServerOptions } from './cli'
export { SETTINGS_FILE } from './settings-file'

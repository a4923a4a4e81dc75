export { DeskSettings, describeChange, type DeskSettingsOptions, type SettingsChangeEvent } from './desk-settings'
export { helpText, parseCommandLine, type CommandLine, type ServerOptions } from './cli'

import { license, version } from '../../../package.json'
import type { DeskAbout } from '../../shared/contract'

/**
 * What the About dialog shows of this desk, from package.json and the
 * running process: inside Electron, `process.versions` names Electron and
 * its Chromium too (no Electron import needed, so both hosts share this).
 */
export function describeDesk(dataFolder: string | undefined): DeskAbout {
  const { node, electron, chrome } = process.versions
  return {
    version,
    licence: license,
    node,
    ...(electron === undefined ? {} : { electron }),
    ...(chrome === undefined ? {} : { chromium: chrome }),
    ...(dataFolder === undefined ? {} : { dataFolder }),
  }
}

import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { CHROMIUM } from './browser'

/** Fails fast, with the fix, when the build or the browser is missing. */
export default function requireBuild(): void {
  const root = resolve(import.meta.dirname, '../..')
  for (const file of ['out/main/server.js', 'out/renderer/index.html'])
    if (!existsSync(resolve(root, file)))
      throw new Error(`${file} is missing: run \`npm run build\` before the e2e tests`)
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`)
}

/**
 * `npm run dev` and `npm start`: makes sure the Electron binary is present (see electron-binary.ts), then runs
 * electron-vite with the given arguments, pointing it at the binary through ELECTRON_EXEC_PATH (which it reads
 * before `path.txt`). When the binary cannot be had, prints what to do and exits non-zero instead of
 * electron-vite's "Electron uninstall".
 *
 *   tsx scripts/electron-vite.ts dev|preview [electron-vite flags]
 */
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { ensureElectronBinary } from './electron-binary'

async function main(): Promise<void> {
  const electronDir = dirname(require.resolve('electron/package.json'))
  const ensured = await ensureElectronBinary({ electronDir, log: (line) => console.log(line) })
  if ('error' in ensured) {
    console.error(ensured.error)
    process.exit(1)
  }
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
  const child = spawn(process.execPath, [electronVite, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: ensured.execPath },
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  child.on('close', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)))
}

main().catch((err: unknown) => {
  console.error(`EventDesk: could not start electron-vite: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})

/**
 * `npm run bench [-- --json] [--only <suite>] [--quick]`
 *
 * Runs each suite in SUITES and prints one table (or JSON on stdout with
 * `--json`). Append a suite here to have it run: it is a module exporting a
 * `BenchSuite`.
 */
import { parseArgs as parseCliArgs } from 'node:util'
import { bridgeSuite } from './bridge'
import { engineSuite } from './engine'
import { hostSuite } from './host-memory'
import { journalSuite } from './journal'
import { natsSuite } from './nats'
import { renderSuite } from './render'
import { strategySuite } from './strategy'
import type { BenchRow, BenchSuite } from './suite'

const SUITES: BenchSuite[] = [engineSuite, bridgeSuite, renderSuite, hostSuite, natsSuite, journalSuite, strategySuite]

interface SuiteResult {
  suite: string
  rows: BenchRow[]
}

const USAGE = 'usage: npm run bench [-- --json] [--quick] [--only <suite>]'

/** A mistyped flag says so and exits 2, rather than silently running every suite. */
function parseArgs(argv: string[]): { json: boolean; quick: boolean; only: string | undefined } {
  try {
    const { values } = parseCliArgs({
      args: argv,
      options: { json: { type: 'boolean' }, quick: { type: 'boolean' }, only: { type: 'string' } },
    })
    return { json: values.json === true, quick: values.quick === true, only: values.only }
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`)
    process.exit(2)
  }
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  const abs = Math.abs(value)
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 1) return value.toFixed(2)
  return value.toFixed(3)
}

function printTable(results: SuiteResult[]): void {
  const header = ['suite', 'measure', 'value', 'unit', 'target', 'pass', 'note']
  const lines = results.flatMap((r) =>
    r.rows.map((row) => [
      r.suite,
      row.measure,
      formatValue(row.value),
      row.unit,
      row.target,
      row.pass === undefined ? '' : row.pass ? 'yes' : 'NO',
      row.note,
    ]),
  )
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (i === 6 ? 0 : l[i].length))))
  const format = (cells: string[]): string =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : i === 6 ? c : c.padEnd(widths[i]))).join(' | ')
  console.log(format(header))
  console.log(widths.map((w, i) => '-'.repeat(i === 6 ? 4 : w)).join('-|-'))
  for (const line of lines) console.log(format(line))
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const suites = SUITES.filter((s) => args.only === undefined || s.name === args.only)
  if (suites.length === 0) {
    console.error(`no suite named ${args.only}; suites: ${SUITES.map((s) => s.name).join(', ')}`)
    process.exit(2)
  }
  const results: SuiteResult[] = []
  for (const suite of suites) {
    if (!args.json) console.error(`running ${suite.name}${args.quick ? ' (quick)' : ''}…`)
    results.push({ suite: suite.name, rows: await suite.run({ quick: args.quick }) })
  }
  if (args.json) {
    const meta = { node: process.version, quick: args.quick, at: new Date().toISOString() }
    console.log(JSON.stringify({ ...meta, results }, null, 2))
  } else {
    printTable(results)
  }
  const failed = results.flatMap((r) => r.rows).filter((row) => row.pass === false).length
  if (!args.json && failed > 0) console.error(`${failed} target(s) missed`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { compileFunction } from 'node:vm'
import { ArrayManager } from './array-manager'
import { BarGenerator } from '../../shared/bar-generator'
import { CtaTemplate, type StrategyClass } from './template'

/** What a user strategy file receives: the pieces to build a strategy from. */
const STRATEGY_SDK = { CtaTemplate, BarGenerator, ArrayManager }
type StrategySdk = typeof STRATEGY_SDK

const STRATEGY_FILE = /\.c?js$/

/** The user strategy files (`*.js`, `*.cjs`) in `dirs`, in a stable order. A missing folder has none. */
export function strategyFiles(dirs: readonly string[]): string[] {
  return dirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => STRATEGY_FILE.test(name))
          .sort()
          .map((name) => join(dir, name))
      : [],
  )
}

/**
 * Loads one user strategy file, read afresh so that "reload" picks up edits.
 * A file is CommonJS and exports a factory that receives the SDK and returns
 * a class (or several):
 *
 *     module.exports = ({ CtaTemplate }) => class MyStrategy extends CtaTemplate { … }
 *
 * Throws, with a sentence for the user, when the file throws or exports
 * something else. Runs in a strategy worker only (see runner/): the file's
 * code runs with it.
 */
export function loadStrategyFile(file: string): StrategyClass[] {
  const module = { exports: {} as unknown }
  const run = compileFunction(readFileSync(file, 'utf8'), ['module', 'exports', 'require', '__filename', '__dirname'], {
    filename: file,
  })
  run(module, module.exports, createRequire(file), file, join(file, '..'))
  const factory = module.exports
  if (typeof factory !== 'function')
    throw new Error('the file must export a function: module.exports = (sdk) => class …')
  const made: unknown = (factory as (sdk: StrategySdk) => unknown)(STRATEGY_SDK)
  const list = Array.isArray(made) ? made : [made]
  if (list.length === 0) throw new Error('the factory returned no strategy class')
  return list.map(checkClass)
}

function checkClass(candidate: unknown): StrategyClass {
  if (typeof candidate !== 'function' || !(candidate.prototype instanceof CtaTemplate)) {
    throw new Error('the factory must return a class that extends CtaTemplate')
  }
  const cls = candidate as StrategyClass
  if (typeof cls.className !== 'string' || !/^[A-Za-z_]\w{0,63}$/.test(cls.className)) {
    throw new Error('the class needs a static className (an identifier)')
  }
  if (!Array.isArray(cls.parameters)) throw new Error(`${cls.className}: static parameters must be an array`)
  if (!Array.isArray(cls.variables)) throw new Error(`${cls.className}: static variables must be an array`)
  for (const spec of cls.parameters) {
    if (typeof spec?.name !== 'string' || !['number', 'integer', 'string', 'boolean'].includes(spec.type)) {
      throw new Error(`${cls.className}: every parameter needs a name and a type (number, integer, string, boolean)`)
    }
  }
  return cls
}

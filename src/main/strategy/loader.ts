import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { compileFunction } from 'node:vm'
import type { StrategyLoadError } from '../../shared/strategy'
import { ArrayManager } from './array-manager'
import { BarGenerator } from '../../shared/bar-generator'
import { CtaTemplate, type StrategyClass } from './template'

/** What a user strategy file receives: the pieces to build a strategy from. */
export const STRATEGY_SDK = { CtaTemplate, BarGenerator, ArrayManager }
export type StrategySdk = typeof STRATEGY_SDK

const STRATEGY_FILE = /\.c?js$/

export interface LoadedStrategies {
  classes: StrategyClass[]
  errors: StrategyLoadError[]
}

/**
 * Loads every user strategy file (`*.js`, `*.cjs`) in `dirs`. A file is
 * CommonJS and exports a factory that receives the SDK and returns a class
 * (or several):
 *
 *     module.exports = ({ CtaTemplate }) => class MyStrategy extends CtaTemplate { … }
 *
 * Files are read afresh on every call, so "reload" picks up edits. A file
 * that throws, exports something else or clashes with a known class name is
 * reported and skipped; the others still load.
 */
export function loadStrategyFiles(dirs: readonly string[], taken: ReadonlySet<string>): LoadedStrategies {
  const classes: StrategyClass[] = []
  const errors: StrategyLoadError[] = []
  const names = new Set(taken)
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir)
      .filter((f) => STRATEGY_FILE.test(f))
      .sort()) {
      const file = join(dir, name)
      try {
        for (const cls of loadFile(file)) {
          if (names.has(cls.className)) throw new Error(`a strategy class named ${cls.className} already exists`)
          names.add(cls.className)
          classes.push(cls)
        }
      } catch (err) {
        errors.push({ file, message: err instanceof Error ? err.message : String(err) })
      }
    }
  }
  return { classes, errors }
}

function loadFile(file: string): StrategyClass[] {
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

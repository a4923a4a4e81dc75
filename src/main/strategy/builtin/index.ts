import type { StrategyClass } from '../template'
import { DoubleMaStrategy } from './double-ma'
import { GridStrategy } from './grid'

/** The strategies that come with the desk. Each worker imports its own copy. */
export const BUILTIN_STRATEGIES: readonly StrategyClass[] = [DoubleMaStrategy, GridStrategy]

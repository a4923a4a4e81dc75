import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { isInterval, type Interval } from '../../../shared/intervals'
import { loadJson, saveJson } from './storage'

/** Most moving averages a chart draws, and the periods a line may have. */
export const MAX_AVERAGES = 4
export const AVERAGE_PERIODS = { min: 2, max: 500 } as const
export const DEFAULT_AVERAGES: readonly number[] = [5, 20, 60]

interface SavedChart {
  interval: Interval
  averages: number[]
}

/** The chart's timeframe and moving averages, as the user last chose them. Persisted. */
export const useChartSettings = defineStore('chart', () => {
  const saved = loadJson<Partial<SavedChart>>('chart', {})
  const interval = ref<Interval>(isInterval(saved.interval) ? saved.interval : '1m')
  const averages = ref<number[]>(validPeriods(saved.averages) ?? [...DEFAULT_AVERAGES])
  watch([interval, averages], () => saveJson('chart', { interval: interval.value, averages: averages.value }))
  return { interval, averages }
})

/**
 * Moving-average periods as typed ("5, 20, 60", spaces or commas between):
 * the periods in the order given, or undefined when they are not up to
 * MAX_AVERAGES distinct whole numbers within AVERAGE_PERIODS. Empty: none.
 */
export function parseAverages(text: string): number[] | undefined {
  const parts = text.split(/[\s,，、]+/).filter((part) => part !== '')
  if (!parts.every((part) => /^\d+$/.test(part))) return undefined
  return validPeriods(parts.map(Number))
}

function validPeriods(periods: unknown): number[] | undefined {
  if (!Array.isArray(periods) || periods.length > MAX_AVERAGES) return undefined
  const valid = periods.every(
    (period) => Number.isInteger(period) && period >= AVERAGE_PERIODS.min && period <= AVERAGE_PERIODS.max,
  )
  return valid && new Set(periods).size === periods.length ? (periods as number[]) : undefined
}

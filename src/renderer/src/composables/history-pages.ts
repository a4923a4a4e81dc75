import { computed, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type { CommandReplies } from '../../../shared/contract'
import { useApi } from '../live/inject'

/** The history commands a monitor can page through. */
export type HistoryChannel = 'orders:query' | 'trades:query'
type Row<C extends HistoryChannel> = CommandReplies[C]['items'][number]

/** What the header's controls work with, whatever the rows are. */
export interface HistoryControls {
  /** The day shown, `YYYY-MM-DD` in local time; '' for the live table. */
  day: Readonly<Ref<string>>
  /** Shows a day ('' for the live table). */
  choose(day: string): void
  /** An older page is there to load. */
  hasMore: ComputedRef<boolean>
  loading: Ref<boolean>
  error: Ref<string | undefined>
  more(): Promise<void>
}

export interface HistoryPages<C extends HistoryChannel> extends HistoryControls {
  /** The day's rows loaded so far, newest first; undefined while the table is live. */
  rows: ShallowRef<Row<C>[] | undefined>
}

const DAY_MS = 24 * 3600_000
const PAGE = 500

/**
 * An earlier day of orders or trades, paged from the journal: choosing a day
 * loads its newest page, `more()` the next older one; clearing it returns
 * the table to the live rows. A reply to a day no longer chosen is dropped.
 */
export function useHistoryPages<C extends HistoryChannel>(channel: C): HistoryPages<C> {
  const api = useApi()
  const day = ref('')
  const rows = shallowRef<Row<C>[] | undefined>()
  const next = ref<string | undefined>()
  const loading = ref(false)
  const error = ref<string | undefined>()
  let asked = 0

  async function load(cursor: string | undefined): Promise<void> {
    const chosen = day.value
    const ask = ++asked
    const from = new Date(`${chosen}T00:00`).getTime()
    loading.value = true
    const result = await api.invoke(channel, { from, to: from + DAY_MS, limit: PAGE, cursor })
    if (ask !== asked) return
    loading.value = false
    if (!result.ok) {
      error.value = result.error.message
      return
    }
    const page = result.value as CommandReplies[C]
    error.value = undefined
    rows.value = [...(cursor === undefined ? [] : (rows.value ?? [])), ...(page.items as Row<C>[])]
    next.value = page.next
  }

  watch(day, (chosen) => {
    asked++
    rows.value = undefined
    next.value = undefined
    error.value = undefined
    loading.value = false
    if (chosen !== '') void load(undefined)
  })

  return {
    day,
    choose: (chosen) => (day.value = chosen),
    rows,
    hasMore: computed(() => next.value !== undefined),
    loading,
    error,
    more: () => (next.value === undefined || loading.value ? Promise.resolve() : load(next.value)),
  }
}

/** Times as traders read them: local wall clock, milliseconds zero-padded. */

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`)

/** `HH:MM:SS.mmm` in local time; '' when missing. */
export function formatTime(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return ''
  const d = new Date(epochMs)
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`
}

/** An age such as "0.4 s" or "12 s"; one decimal under ten seconds. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, ms) / 1000
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`
}

/**
 * A bar's time as a chart's legend shows it: `YYYY-MM-DD HH:MM` local for
 * intraday bars; the trading day's date for a daily bar, whose time is that
 * date at 00:00 UTC.
 */
export function formatBarTime(datetime: number, daily: boolean): string {
  if (daily) return new Date(datetime).toISOString().slice(0, 10)
  const d = new Date(datetime)
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`
}

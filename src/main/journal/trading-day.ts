/**
 * The trading day an order, trade or log belongs to, as `YYYY-MM-DD`: the
 * journal keys its rows by it, and a restart restores the current one.
 *
 * For now the calendar day in UTC for every instrument (crypto's rule). Real
 * markets differ (a Chinese futures night session belongs to the next trading
 * day): this one function is where their calendars go, so nothing else in the
 * journal needs to know. `vtSymbol` is undefined for what belongs to the desk
 * rather than to one instrument (logs).
 */
export function tradingDayOf(_vtSymbol: string | undefined, time: number): string {
  return new Date(time).toISOString().slice(0, 10)
}

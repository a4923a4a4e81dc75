import type { Interval } from '../../../shared/intervals'

/** Each interval's i18n key (vue-i18n cannot read a key such as `1m`): `chart.intervals.<key>`, `chart.candles.<key>`. */
export const INTERVAL_KEYS: Readonly<Record<Interval, string>> = {
  '1m': 'm1',
  '5m': 'm5',
  '15m': 'm15',
  '1h': 'h1',
  '1d': 'd1',
}

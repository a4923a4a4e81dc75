import { toVtSymbol, type Contract, type Exchange, type Product } from '../../../shared/objects'

/** The currencies the simulated exchange keeps an account in. */
export type Currency = 'CNY' | 'USDT'

/** One tradable instrument of the simulated exchange: its contract terms and how its market behaves. */
export interface InstrumentSpec {
  symbol: string
  exchange: Exchange
  name: string
  product: Product
  /** Contract multiplier. */
  size: number
  pricetick: number
  minVolume: number
  /** Margin as a fraction of contract value (1 for cash products). */
  marginRate: number
  /** Commission as a fraction of turnover. */
  commissionRate: number
  currency: Currency
  /** Whether a short position may be opened (not for A-shares or spot crypto). */
  shortable: boolean
  /** Yesterday's close; the walk starts here and the daily limits are set around it. */
  preClose: number
  /** Daily price limit as a fraction of preClose; 0 for none. */
  limitRate: number
  /** Standard deviation of the log price per square-root second. */
  volatility: number
  /** Mean volume of one book level, in lots of minVolume. */
  depth: number
  /** Mean volume of one trade print, in lots of minVolume. */
  tradeLots: number
  /** Open interest at the start of the day; 0 where there is none. */
  openInterest: number
}

/**
 * The default instruments, as they would trade on 2026-11-26: the front
 * index future, rebar and soybean meal, two A-shares and Binance's BTC pair.
 * Terms follow the exchanges' (margin rates a broker's, rounded).
 */
export const INSTRUMENTS: readonly InstrumentSpec[] = [
  {
    symbol: 'IF2612',
    exchange: 'CFFEX',
    name: '沪深300股指2612',
    product: 'FUTURES',
    size: 300,
    pricetick: 0.2,
    minVolume: 1,
    marginRate: 0.12,
    commissionRate: 0.000023,
    currency: 'CNY',
    shortable: true,
    preClose: 4650.4,
    limitRate: 0.1,
    volatility: 0.00015,
    depth: 8,
    tradeLots: 3,
    openInterest: 152_300,
  },
  {
    symbol: 'rb2701',
    exchange: 'SHFE',
    name: '螺纹钢2701',
    product: 'FUTURES',
    size: 10,
    pricetick: 1,
    minVolume: 1,
    marginRate: 0.07,
    commissionRate: 0.0001,
    currency: 'CNY',
    shortable: true,
    preClose: 3152,
    limitRate: 0.05,
    volatility: 0.00012,
    depth: 120,
    tradeLots: 30,
    openInterest: 1_843_500,
  },
  {
    symbol: 'm2701',
    exchange: 'DCE',
    name: '豆粕2701',
    product: 'FUTURES',
    size: 10,
    pricetick: 1,
    minVolume: 1,
    marginRate: 0.07,
    commissionRate: 0.00015,
    currency: 'CNY',
    shortable: true,
    preClose: 2946,
    limitRate: 0.05,
    volatility: 0.0001,
    depth: 90,
    tradeLots: 20,
    openInterest: 1_320_800,
  },
  {
    symbol: '600519',
    exchange: 'SSE',
    name: '贵州茅台',
    product: 'EQUITY',
    size: 1,
    pricetick: 0.01,
    minVolume: 100,
    marginRate: 1,
    commissionRate: 0.00025,
    currency: 'CNY',
    shortable: false,
    preClose: 1478.6,
    limitRate: 0.1,
    volatility: 0.00012,
    depth: 6,
    tradeLots: 2,
    openInterest: 0,
  },
  {
    symbol: '000001',
    exchange: 'SZSE',
    name: '平安银行',
    product: 'EQUITY',
    size: 1,
    pricetick: 0.01,
    minVolume: 100,
    marginRate: 1,
    commissionRate: 0.00025,
    currency: 'CNY',
    shortable: false,
    preClose: 11.52,
    limitRate: 0.1,
    volatility: 0.0001,
    depth: 900,
    tradeLots: 60,
    openInterest: 0,
  },
  {
    symbol: 'BTCUSDT',
    exchange: 'BINANCE',
    name: 'BTC/USDT',
    product: 'SPOT',
    size: 1,
    pricetick: 0.01,
    minVolume: 0.00001,
    marginRate: 1,
    commissionRate: 0.001,
    currency: 'USDT',
    shortable: false,
    preClose: 91_850,
    limitRate: 0,
    volatility: 0.0003,
    depth: 20_000,
    tradeLots: 3_000,
    openInterest: 0,
  },
]

/** The contract a gateway reports for an instrument; it is funded by the account of its currency. */
export function toContract(spec: InstrumentSpec, gatewayName: string): Contract {
  return {
    gatewayName,
    symbol: spec.symbol,
    exchange: spec.exchange,
    vtSymbol: toVtSymbol(spec.symbol, spec.exchange),
    name: spec.name,
    product: spec.product,
    size: spec.size,
    pricetick: spec.pricetick,
    minVolume: spec.minVolume,
    marginRate: spec.marginRate,
    commissionRate: spec.commissionRate,
    accountId: spec.currency,
  }
}

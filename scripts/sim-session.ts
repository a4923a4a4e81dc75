/**
 * A trading session end to end in Node: the trading core connects the
 * simulated gateway, subscribes, trades a few instruments over five
 * simulated minutes, then prints the positions and accounts the gateway
 * reports next to what the trades alone imply.
 *
 * Run: npx tsx scripts/sim-session.ts [seed] [--json]
 */
import { EventEngine, ManualScheduler } from '../src/main/engine'
import { DEFAULT_SIM_SETTING, SimGateway } from '../src/main/gateway/sim'
import { MainEngine } from '../src/main/trader'
import type { Account, Direction, Exchange, Offset, OrderType, Position, Trade } from '../src/shared/objects'

/** 09:30 in Shanghai, 2026-11-26. */
const SESSION_OPEN = Date.UTC(2026, 10, 26, 1, 30)
const SUBSCRIPTIONS = ['rb2701.SHFE', 'IF2612.CFFEX', '600519.SSE', 'BTCUSDT.BINANCE']

/** What one position should be, from the trades alone. */
export interface ExpectedPosition {
  vtPositionId: string
  volume: number
  price: number
  pnl: number
  margin: number
}

/** What one account should be, from the trades alone. */
export interface ExpectedAccount {
  vtAccountId: string
  commission: number
  closePnl: number
  positionPnl: number
  margin: number
  balance: number
  available: number
}

export interface SessionReport {
  trades: Trade[]
  positions: Position[]
  accounts: Account[]
  expectedPositions: ExpectedPosition[]
  expectedAccounts: ExpectedAccount[]
  /** Every reported value that differs from what the trades imply; empty when they reconcile. */
  mismatches: string[]
}

interface Step {
  /** Seconds into the session. */
  at: number
  vtSymbol: string
  direction: Direction
  offset: Offset
  type: OrderType
  volume: number
  /** Limit price relative to the touch: 0 joins it, positive crosses that many levels deeper. */
  level?: number
}

/** The session's orders: crossing limits, market orders, a resting order, FAK, closes, a stock and a crypto pair. */
const STEPS: Step[] = [
  { at: 1, vtSymbol: 'rb2701.SHFE', direction: 'LONG', offset: 'OPEN', type: 'LIMIT', volume: 5, level: 1 },
  { at: 5, vtSymbol: 'IF2612.CFFEX', direction: 'LONG', offset: 'OPEN', type: 'MARKET', volume: 2 },
  { at: 10, vtSymbol: '600519.SSE', direction: 'LONG', offset: 'NONE', type: 'LIMIT', volume: 300, level: 2 },
  { at: 15, vtSymbol: 'BTCUSDT.BINANCE', direction: 'LONG', offset: 'OPEN', type: 'MARKET', volume: 0.25 },
  { at: 20, vtSymbol: 'rb2701.SHFE', direction: 'LONG', offset: 'OPEN', type: 'LIMIT', volume: 3, level: -1 },
  { at: 30, vtSymbol: 'IF2612.CFFEX', direction: 'SHORT', offset: 'OPEN', type: 'FAK', volume: 1, level: 0 },
  { at: 60, vtSymbol: 'rb2701.SHFE', direction: 'SHORT', offset: 'CLOSE', type: 'LIMIT', volume: 4, level: 1 },
  { at: 90, vtSymbol: '600519.SSE', direction: 'SHORT', offset: 'NONE', type: 'LIMIT', volume: 100, level: 1 },
  { at: 120, vtSymbol: 'BTCUSDT.BINANCE', direction: 'SHORT', offset: 'CLOSE', type: 'MARKET', volume: 0.1 },
  { at: 150, vtSymbol: 'IF2612.CFFEX', direction: 'SHORT', offset: 'CLOSE', type: 'MARKET', volume: 1 },
  { at: 200, vtSymbol: 'IF2612.CFFEX', direction: 'LONG', offset: 'CLOSE', type: 'LIMIT', volume: 1, level: 1 },
]
const SESSION_SECONDS = 300

export async function runSimSession(seed = DEFAULT_SIM_SETTING.seed): Promise<SessionReport> {
  const scheduler = new ManualScheduler(0, SESSION_OPEN)
  const engine = new EventEngine({ scheduler })
  const main = new MainEngine({ engine, scheduler })
  const sim = new SimGateway(engine, { scheduler })
  main.addGateway(sim)
  main.connect({ seed }, 'SIM')
  for (const vtSymbol of SUBSCRIPTIONS) main.subscribe(split(vtSymbol), 'SIM')

  for (let second = 1; second <= SESSION_SECONDS; second++) {
    scheduler.advance(1000)
    await engine.idle()
    for (const step of STEPS.filter((s) => s.at === second)) {
      const tick = main.getTick(step.vtSymbol)!
      const contract = main.getContract(step.vtSymbol)!
      const buying = step.direction === 'LONG'
      const touch = buying ? tick.askPrice1 : tick.bidPrice1
      const price =
        step.type === 'MARKET' ? 0 : round(touch + (buying ? 1 : -1) * (step.level ?? 0) * contract.pricetick)
      const req = { ...split(step.vtSymbol), direction: step.direction, offset: step.offset, type: step.type, price }
      main.sendOrder({ ...req, volume: step.volume, reference: 'sim-session' }, 'SIM')
    }
  }
  main.cancelAll()
  await engine.idle()
  // Queried now, with the clock stopped, so the marks behind the reported PnL are the latest ticks here.
  sim.queryPosition()
  sim.queryAccount()
  await engine.idle()

  const trades = main.getAllTrades()
  const positions = main.getAllPositions()
  const accounts = main.getAllAccounts()
  const capital: Record<string, number> = {
    'SIM.CNY': DEFAULT_SIM_SETTING.capitalCny,
    'SIM.USDT': DEFAULT_SIM_SETTING.capitalUsdt,
  }
  const { expectedPositions, expectedAccounts } = fromTrades(main, trades, capital)
  const mismatches = compare(positions, expectedPositions, 'vtPositionId', ['volume', 'price', 'pnl', 'margin'])
  mismatches.push(
    ...compare(accounts, expectedAccounts, 'vtAccountId', [
      'commission',
      'closePnl',
      'positionPnl',
      'margin',
      'balance',
      'available',
    ]),
  )
  for (const trade of trades) {
    const contract = main.getContract(trade.vtSymbol)!
    const commission = trade.price * trade.volume * contract.size * contract.commissionRate
    if (!close(trade.commission, commission))
      mismatches.push(`${trade.vtTradeId} commission ${trade.commission} ≠ ${commission}`)
  }
  await main.close()
  return { trades, positions, accounts, expectedPositions, expectedAccounts, mismatches }
}

/**
 * Replays the trades on their own: average open price per position, profit
 * realised against it on closes, commission as charged, marks from the
 * latest ticks, margin on the average price, one account per currency.
 */
function fromTrades(
  main: MainEngine,
  trades: Trade[],
  capital: Record<string, number>,
): { expectedPositions: ExpectedPosition[]; expectedAccounts: ExpectedAccount[] } {
  const books = new Map<string, { vtSymbol: string; direction: Direction; volume: number; cost: number }>()
  const accounts = new Map<string, ExpectedAccount>()
  const accountOf = (vtSymbol: string): ExpectedAccount => {
    const vtAccountId = `SIM.${main.getContract(vtSymbol)!.accountId}`
    let account = accounts.get(vtAccountId)
    if (account === undefined) {
      const empty = { commission: 0, closePnl: 0, positionPnl: 0, margin: 0, balance: 0, available: 0 }
      accounts.set(vtAccountId, (account = { vtAccountId, ...empty }))
    }
    return account
  }
  for (const account of Object.keys(capital)) accountOf(account === 'SIM.CNY' ? 'rb2701.SHFE' : 'BTCUSDT.BINANCE')

  for (const trade of trades) {
    const size = main.getContract(trade.vtSymbol)!.size
    const account = accountOf(trade.vtSymbol)
    account.commission += trade.commission
    const held: Direction = trade.offset === 'OPEN' ? trade.direction : trade.direction === 'LONG' ? 'SHORT' : 'LONG'
    const id = `SIM.${trade.vtSymbol}.${held}`
    const book = books.get(id) ?? { vtSymbol: trade.vtSymbol, direction: held, volume: 0, cost: 0 }
    books.set(id, book)
    if (trade.offset === 'OPEN') {
      book.volume += trade.volume
      book.cost += trade.price * trade.volume
    } else {
      const average = book.cost / book.volume
      account.closePnl += (held === 'LONG' ? 1 : -1) * (trade.price - average) * trade.volume * size
      book.volume -= trade.volume
      book.cost = average * book.volume
    }
  }

  const expectedPositions: ExpectedPosition[] = []
  for (const [vtPositionId, book] of books) {
    const contract = main.getContract(book.vtSymbol)!
    const price = book.volume > 0 ? book.cost / book.volume : 0
    const mark = main.getTick(book.vtSymbol)!.lastPrice
    const pnl =
      book.volume > 0 ? (book.direction === 'LONG' ? 1 : -1) * (mark - price) * book.volume * contract.size : 0
    const margin = price * book.volume * contract.size * contract.marginRate
    expectedPositions.push({ vtPositionId, volume: round(book.volume), price, pnl, margin })
    const account = accountOf(book.vtSymbol)
    account.positionPnl += pnl
    account.margin += margin
  }
  for (const account of accounts.values()) {
    account.balance = capital[account.vtAccountId] + account.closePnl + account.positionPnl - account.commission
    account.available = account.balance - account.margin
  }
  return { expectedPositions, expectedAccounts: [...accounts.values()] }
}

function compare<K extends string, F extends string>(
  reported: Record<K | F, unknown>[],
  expected: Record<K | F, unknown>[],
  key: K,
  fields: F[],
): string[] {
  const mismatches: string[] = []
  if (reported.length !== expected.length)
    mismatches.push(`${key}: ${reported.length} reported, ${expected.length} expected`)
  for (const want of expected) {
    const got = reported.find((r) => r[key] === want[key])
    if (got === undefined) {
      mismatches.push(`${String(want[key])} not reported`)
      continue
    }
    for (const field of fields)
      if (!close(got[field] as number, want[field] as number))
        mismatches.push(
          `${String(want[key])} ${field}: reported ${String(got[field])}, trades give ${String(want[field])}`,
        )
  }
  return mismatches
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b))
}

function round(value: number): number {
  return Math.round(value * 1e8) / 1e8
}

function split(vtSymbol: string): { symbol: string; exchange: Exchange } {
  const dot = vtSymbol.lastIndexOf('.')
  return { symbol: vtSymbol.slice(0, dot), exchange: vtSymbol.slice(dot + 1) as Exchange }
}

function money(value: number): string {
  return value.toFixed(2)
}

function print(report: SessionReport): void {
  const time = (epoch: number): string => new Date(epoch + 8 * 3_600_000).toISOString().slice(11, 19)
  console.log(`\nTrades (${report.trades.length})`)
  console.table(
    report.trades.map((t) => ({
      time: time(t.datetime),
      order: t.vtOrderId,
      vtSymbol: t.vtSymbol,
      direction: t.direction,
      offset: t.offset,
      price: t.price,
      volume: t.volume,
      commission: money(t.commission),
    })),
  )
  console.log('Positions: reported by the gateway | implied by the trades')
  console.table(
    report.positions.map((p) => {
      const want = report.expectedPositions.find((e) => e.vtPositionId === p.vtPositionId)
      return {
        position: p.vtPositionId,
        volume: p.volume,
        price: p.price.toFixed(4),
        'price (trades)': want?.price.toFixed(4),
        pnl: money(p.pnl),
        'pnl (trades)': want && money(want.pnl),
        margin: money(p.margin),
        'margin (trades)': want && money(want.margin),
      }
    }),
  )
  console.log('Accounts: reported by the gateway | implied by the trades')
  console.table(
    report.accounts.map((a) => {
      const want = report.expectedAccounts.find((e) => e.vtAccountId === a.vtAccountId)
      return {
        account: a.vtAccountId,
        balance: money(a.balance),
        'balance (trades)': want && money(want.balance),
        available: money(a.available),
        'available (trades)': want && money(want.available),
        margin: money(a.margin),
        commission: money(a.commission),
        closePnl: money(a.closePnl),
        positionPnl: money(a.positionPnl),
        frozen: money(a.frozen),
      }
    }),
  )
  if (report.mismatches.length === 0) console.log('Reconciled: positions and accounts agree with the trades.')
  else console.log(`NOT reconciled:\n  ${report.mismatches.join('\n  ')}`)
}

// `--json` prints the report for a program to read (the integration test does); otherwise tables.
if (process.argv[1]?.endsWith('sim-session.ts')) {
  const args = process.argv.slice(2)
  const json = args.includes('--json')
  const seedArg = args.find((arg) => arg !== '--json')
  runSimSession(seedArg !== undefined ? Number(seedArg) : undefined)
    .then((report) => {
      if (json) console.log(JSON.stringify(report))
      else print(report)
      process.exitCode = report.mismatches.length === 0 ? 0 : 1
    })
    .catch((err: unknown) => {
      console.error(err)
      process.exitCode = 1
    })
}

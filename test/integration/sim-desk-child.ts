/**
 * A desk in its own process for the kill -9 test (sim-kill.test.ts):
 *
 *   node --import tsx test/integration/sim-desk-child.ts DATA_DIR/journal.sqlite trade|inspect
 *
 * `trade` buys rb (filled), leaves an IF buy resting, prints what its core
 * then knows as one JSON line `{"kind":"traded",…}`, and prints every IF tick
 * after that (`{"kind":"tick",…}`) until it is killed. `inspect` starts a
 * desk on the same database, prints what it finds (`{"kind":"found",…}`) and
 * closes, leaving working orders at the exchange.
 */
import { dirname } from 'node:path'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { EVENT_TICK } from '../../src/shared/events'
import type { Tick } from '../../src/shared/objects'

const [databasePath, mode] = process.argv.slice(2)
const IF = { symbol: 'IF2612', exchange: 'CFFEX' } as const
const RB = { symbol: 'rb2701', exchange: 'SHFE' } as const

function print(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

async function main(): Promise<void> {
  // The desk's data folder: the exchange keeps its books in its journal.sqlite.
  const desk = createTradingDesk({ dataDir: dirname(databasePath), connectSim: { tickRate: 10 } })
  const { core, engine } = desk
  const sim = desk.sim!
  core.subscribe(IF, 'SIM')
  core.subscribe(RB, 'SIM')
  const firstTick = await new Promise<Tick>((resolve) => {
    const dispose = engine.register(EVENT_TICK, (event) => {
      if (event.data!.vtSymbol !== 'IF2612.CFFEX' || core.getTick('rb2701.SHFE') === undefined) return
      dispose()
      resolve(event.data!)
    })
  })
  const books = async (): Promise<object> => {
    sim.queryAccount()
    sim.queryPosition()
    await engine.idle()
    return {
      positions: core.getAllPositions(),
      accounts: core.getAllAccounts(),
      activeOrders: core.getAllActiveOrders(),
      trades: core.getAllTrades(),
    }
  }

  if (mode === 'inspect') {
    print({ kind: 'found', firstTick, ...(await books()) })
    await desk.close()
    return
  }
  const rb = core.getTick('rb2701.SHFE')!
  core.sendOrder({ ...RB, direction: 'LONG', offset: 'OPEN', type: 'LIMIT', price: rb.askPrice5, volume: 2 }, 'SIM')
  const price = firstTick.bidPrice1 - 50
  core.sendOrder({ ...IF, direction: 'LONG', offset: 'OPEN', type: 'LIMIT', price, volume: 1 }, 'SIM')
  await engine.idle()
  print({ kind: 'traded', ...(await books()) })
  engine.register(EVENT_TICK, (event) => {
    if (event.data!.vtSymbol === 'IF2612.CFFEX') print({ kind: 'tick', tick: event.data })
  })
}

void main()

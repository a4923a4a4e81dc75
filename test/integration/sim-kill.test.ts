import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import type { Account, Order, Position, Tick, Trade } from '../../src/shared/objects'

interface Books {
  positions: Position[]
  accounts: Account[]
  activeOrders: Order[]
  trades: Trade[]
}
type Line = ({ kind: 'traded' } & Books) | { kind: 'tick'; tick: Tick } | ({ kind: 'found'; firstTick: Tick } & Books)

/**
 * Starts the child desk and hands each JSON line it prints to `onLine`
 * until that returns true; resolves with the child, still running or not.
 */
function runChild(
  databasePath: string,
  mode: 'trade' | 'inspect',
  onLine: (line: Line) => boolean,
): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/sim-desk-child.ts', databasePath, mode], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => reject(new Error(`the ${mode} desk exited (${code ?? signal}) too early`)))
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (onLine(JSON.parse(text) as Line)) {
        child.removeAllListeners('exit')
        resolve(child)
      }
    })
  })
}

/** The books without what moves with the market's last price. */
function ledger({ positions, accounts, activeOrders, trades }: Books): object {
  return {
    positions: positions.map(({ pnl: _pnl, ...position }) => position),
    accounts: accounts.map(({ vtAccountId, frozen, margin, commission, closePnl }) => ({
      vtAccountId,
      frozen,
      margin,
      commission,
      closePnl,
    })),
    activeOrders,
    trades,
  }
}

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

describe('the simulated exchange after kill -9', () => {
  it('gives a fresh desk the same positions, account, working order and trades, and its market goes on', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'eventdesk-kill-'))
    folders.push(folder)
    const databasePath = join(folder, 'journal.sqlite')

    let traded: Books | undefined
    const ticks: Tick[] = []
    // 2.5 s of ticks after the trades, so the market has been saved since.
    const trader = await runChild(databasePath, 'trade', (line) => {
      if (line.kind === 'traded') traded = line
      else if (line.kind === 'tick' && traded !== undefined) ticks.push(line.tick)
      return ticks.length >= 25
    })
    const killed = new Promise((resolve) => trader.once('exit', (_code, signal) => resolve(signal)))
    trader.kill('SIGKILL')
    expect(await killed).toBe('SIGKILL')

    expect(traded!.trades.length).toBeGreaterThanOrEqual(1)
    expect(traded!.activeOrders).toHaveLength(1)
    expect(traded!.positions).toContainEqual(
      expect.objectContaining({ vtPositionId: 'SIM.rb2701.SHFE.LONG', volume: 2 }),
    )

    let found: ({ firstTick: Tick } & Books) | undefined
    const inspector = await runChild(databasePath, 'inspect', (line) => {
      if (line.kind === 'found') found = line
      return found !== undefined
    })
    await new Promise((resolve) => inspector.once('exit', resolve))

    expect(ledger(found!)).toEqual(ledger(traded!))
    expect(found!.activeOrders[0]).toMatchObject({ status: 'NOTTRADED', vtOrderId: traded!.activeOrders[0].vtOrderId })
    // The market picks up from its last save (at most a second old), not from the seed's first step.
    const last = ticks.at(-1)!
    const { firstTick } = found!
    expect(firstTick.openPrice).toBe(last.openPrice)
    expect(firstTick.volume).toBeGreaterThan(ticks[ticks.length - 15].volume)
    expect(Math.abs(firstTick.lastPrice - last.lastPrice) / last.lastPrice).toBeLessThan(0.005)
  }, 60_000)
})

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualScheduler } from '../../src/main/engine'
import { createTradingDesk } from '../../src/main/hosts/trading-desk'
import { formatLogTime } from '../../src/main/trader'
import { SESSION_OPEN } from '../gateway/harness'

describe('log file', () => {
  it('keeps every log on disk, stacks included, and is flushed when the desk closes', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'eventdesk-logs-'))
    const scheduler = new ManualScheduler(0, SESSION_OPEN)
    const desk = createTradingDesk({ scheduler, logDir, trader: { logCapacity: 2 } })
    desk.engine.register('eTest', () => {
      throw new Error('handler broke')
    })
    desk.engine.put({ type: 'eTest' })
    for (let i = 0; i < 5; i++) desk.core.writeLog(`line ${i}`)
    scheduler.advance(1000)
    await desk.engine.idle()
    // Memory keeps two; the file keeps them all.
    expect(desk.core.getLogsDropped()).toBeGreaterThan(0)
    await desk.close()

    const files = readdirSync(logDir)
    const day = formatLogTime(SESSION_OPEN).slice(0, 10).replaceAll('-', '')
    expect(files).toEqual([`eventdesk_${day}.log`])
    const text = readFileSync(join(logDir, files[0]), 'utf8')
    for (let i = 0; i < 5; i++) expect(text).toContain(`INFO    trader: line ${i}\n`)
    expect(text).toMatch(/ERROR {3}engine: Handler for eTest threw: handler broke\n {4}Error: handler broke\n {8}at /)
    expect(text).toContain('connected: 6 instruments')
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/disconnected|closing|closed/)
    expect(text).toContain('EventDesk is closing: cancelling working orders, closing gateways')
  })
})

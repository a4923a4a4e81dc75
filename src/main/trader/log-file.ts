import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Disposer, EventEngine } from '../engine'
import { EVENT_LOG } from '../../shared/events'
import type { Log } from '../../shared/objects'

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** `2026-11-26 09:30:01.250`, local time, as a trader reads the clock. */
export function formatLogTime(time: number): string {
  const d = new Date(time)
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  )
}

/**
 * Appends every log event to a daily file, `eventdesk_YYYYMMDD.log` (vnpy's
 * file log handler), so what the window no longer holds in memory is still
 * on disk. Writes are buffered by a stream; `close()` flushes them, and
 * quitting waits for it.
 */
export class LogFile {
  private stream: WriteStream | undefined
  private day = ''
  private readonly dispose: Disposer

  constructor(
    engine: EventEngine,
    private readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true })
    this.dispose = engine.register(EVENT_LOG, (event) => event.data && this.write(event.data))
  }

  /** Stops listening and resolves once everything written so far is on disk. */
  close(): Promise<void> {
    this.dispose()
    const stream = this.stream
    this.stream = undefined
    if (stream === undefined) return Promise.resolve()
    return new Promise((resolve, reject) => {
      stream.once('error', reject)
      stream.end(resolve)
    })
  }

  private write(log: Log): void {
    const stamp = formatLogTime(log.time)
    const day = stamp.slice(0, 10).replaceAll('-', '')
    if (day !== this.day || this.stream === undefined) {
      this.stream?.end()
      this.day = day
      this.stream = createWriteStream(join(this.dir, `eventdesk_${day}.log`), { flags: 'a' })
      // A full disk must not take the engine down; the window still shows the logs.
      this.stream.on('error', (err) => console.error(`[log file] ${err.message}`))
    }
    let line = `${stamp} ${log.level.padEnd(7)} ${log.source}: ${log.message}\n`
    if (log.stack) line += log.stack.replace(/^/gm, '    ') + '\n'
    this.stream.write(line)
  }
}

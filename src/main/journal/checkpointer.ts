import { Worker } from 'node:worker_threads'

/** How often the write-ahead log is copied back into the database file. */
const CHECKPOINT_MS = 1000

/**
 * The worker's whole program: its own connection to the file, a passive
 * checkpoint every CHECKPOINT_MS (it never blocks the writer), and a last one
 * when told to stop. Plain CommonJS, evaluated in the worker, so it needs no
 * build step of its own.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { DatabaseSync } = require('node:sqlite')
const db = new DatabaseSync(workerData.path)
db.exec('PRAGMA busy_timeout = 1000')
const checkpoint = () => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)')
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message) })
  }
}
const timer = setInterval(checkpoint, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.close()
})
`

/**
 * Checkpoints a WAL journal on a thread of its own. A checkpoint writes the
 * log's pages into the database file and syncs it: tens of milliseconds on a
 * busy disk, which in the committing connection (SQLite's default) would
 * land inside an engine slice. The journal's own connection turns automatic
 * checkpoints off and leaves them to this worker.
 */
export class Checkpointer {
  private readonly worker: Worker
  private readonly exited: Promise<void>

  constructor(path: string, onError: (message: string) => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, everyMs: CHECKPOINT_MS } })
    this.worker.on('message', (message: { error?: string }) => message.error && onError(message.error))
    this.worker.on('error', (err) => onError(err.message))
    // A desk that is closing must not wait for the next checkpoint's timer.
    this.worker.unref()
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()))
  }

  /** Runs a last checkpoint, closes the worker's connection, and resolves when the thread has ended. */
  stop(): Promise<void> {
    // Held again, so the process waits for the last checkpoint.
    this.worker.ref()
    this.worker.postMessage('stop')
    return this.exited
  }
}

/**
 * The entry of every strategy worker (built as out/main/strategy-worker.js):
 * a worker thread started by WorkerRunner, or a child process started by
 * ProcessRunner. It answers heartbeats first, says it is alive so the
 * watchdog starts watching, then runs one strategy instance or loads the user
 * strategy files, as its setup says.
 *
 * Every worker loads its own copy of the template, the SDK and the built-in
 * strategies: a strategy file that patches `CtaTemplate.prototype` changes its
 * own worker and nothing else.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { RunnerSetup } from './runner'
import type { ToWorker, WorkerSetup } from './protocol'
import { runCatalogue } from './worker-catalogue'
import { runInstance, type WorkerPort } from './worker-instance'

function run(port: WorkerPort, setup: RunnerSetup, running: Int32Array): void {
  port.postMessage({ type: 'alive' })
  if (setup.mode === 'catalogue') void runCatalogue(port, setup, running)
  else runInstance(port, setup, running)
}

if (parentPort !== null) {
  const setup = workerData as WorkerSetup
  setup.heartbeat.on('message', (beat: number) => setup.heartbeat.postMessage(beat))
  run(parentPort, setup, new Int32Array(setup.running))
} else {
  // A child process: the setup is the first message; heartbeats share the one channel; nothing is shared.
  const send = (message: unknown): void => void process.send?.(message)
  const listeners: ((message: ToWorker) => void)[] = []
  let started = false
  process.on('message', (message: RunnerSetup | ToWorker | { type: 'beat' }) => {
    if (typeof message === 'object' && 'type' in message && message.type === 'beat') send(message)
    else if (!started) {
      started = true
      run(
        { postMessage: send, on: (_event, listener) => listeners.push(listener) },
        message as RunnerSetup,
        new Int32Array(1),
      )
    } else for (const listener of listeners) listener(message as ToWorker)
  })
  // In a thread the engine hears of an uncaught throw through the worker's `error` event; here it must be told.
  process.on('uncaughtException', (err) => {
    send({ type: 'crash', reason: `strategy code threw outside a callback: ${err.message}`, stack: err.stack })
    process.exit(1)
  })
}

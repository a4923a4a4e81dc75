/**
 * The entry of every strategy worker thread (started by worker-runner.ts;
 * built as out/main/strategy-worker.js). It answers heartbeats first, says it
 * is alive so the watchdog starts watching, then runs one strategy instance
 * or loads the user strategy files, as its setup says.
 *
 * Every worker loads its own copy of the template, the SDK and the built-in
 * strategies: a strategy file that patches `CtaTemplate.prototype` changes its
 * own worker and nothing else.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { WorkerSetup } from './protocol'
import { runCatalogue } from './worker-catalogue'
import { runInstance } from './worker-instance'

const setup = workerData as WorkerSetup
const port = parentPort!
setup.heartbeat.on('message', (beat: number) => setup.heartbeat.postMessage(beat))
port.postMessage({ type: 'alive' })
if (setup.mode === 'catalogue') void runCatalogue(port, setup)
else runInstance(port, setup)

import { fork, type ChildProcess } from 'node:child_process'
import { dirname } from 'node:path'
import type { ToWorker } from './protocol'
import { BaseRunner, type RunnerFactory, type RunnerSetup, type WorkerListener } from './runner'
import { workerEntry } from './worker-runner'

export interface ProcessRunnerOptions {
  /** Folders the strategy may read: the user strategy folders. Its own code's folder is added. */
  readable: string[]
  /** The built worker (out/main/strategy-worker.js); default: beside the built host. */
  entry?: string
}

/**
 * Strategy code in a child process of its own, started under Node's
 * permission model (`--permission`): it may read its own code and the
 * strategy folders, nothing else; it may not write files, start processes or
 * threads, load native addons or open the inspector. The headless host's
 * option `--strategy-sandbox`.
 *
 * What it costs, beside a worker thread: a process per instance (tens of MB
 * each rather than a few), a slower start, messages over a pipe instead of a
 * thread's port, heartbeats that queue behind ticks, and an overrun that
 * cannot name its callback (no memory is shared). What it does not do: Node
 * 24's permission model leaves the network open (`--allow-net` comes in Node
 * 25) and the environment readable, and Node documents it as a seat belt for
 * code one trusts, not a wall against hostile code. It needs the built worker:
 * tsx, which loads TypeScript, starts a child process of its own, which the
 * model forbids.
 */
export class ProcessRunner extends BaseRunner {
  private readonly child: ChildProcess

  constructor(setup: RunnerSetup, busyLimit: () => number, listener: WorkerListener, options: ProcessRunnerOptions) {
    super(busyLimit, listener)
    const entry = options.entry ?? workerEntry().file
    const readable = [dirname(entry), ...options.readable]
    this.child = fork(entry, [], {
      execArgv: ['--permission', ...readable.map((path) => `--allow-fs-read=${path}`)],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    this.child.on('message', (message: unknown) => {
      if ((message as { type?: unknown }).type === 'beat') this.answered()
      else this.receive(message)
    })
    this.child.on('error', (err) => this.fail({ reason: `its process failed: ${err.message}`, stack: err.stack }))
    this.child.on('exit', (code, signal) => this.fail({ reason: `its process exited (${signal ?? `code ${code}`})` }))
    this.child.send(setup)
  }

  protected send(message: ToWorker): void {
    if (this.child.connected) this.child.send(message)
  }

  protected beat(): void {
    if (this.child.connected) this.child.send({ type: 'beat' })
  }

  protected async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    // SIGKILL: a process spinning in strategy code must end whatever it is doing.
    this.child.kill('SIGKILL')
    await exited
  }

  protected running(): string {
    return 'strategy code'
  }
}

/** Each strategy in a child process under Node's permission model (see ProcessRunner). */
export function processRunner(options: ProcessRunnerOptions): RunnerFactory {
  return (setup, busyLimit, listener) => new ProcessRunner(setup, busyLimit, listener, options)
}

import type { StrategyValue } from '../../../shared/strategy'
import type { Failure } from './protocol'

/** Why a worker did not do what it was asked: its strategy refused (`refused`), or its code failed. */
export class WorkerFailure extends Error {
  constructor(
    readonly failure: Failure,
    readonly refused: boolean,
  ) {
    super(failure.reason)
  }
}

type Vars = Record<string, StrategyValue>

interface Waiter {
  resolve(vars: Vars): void
  reject(err: WorkerFailure): void
}

/**
 * The replies a worker owes, by request id (0: its `ready` once built). Each
 * settles once; when the worker is lost, every one still owed fails with why.
 */
export class Replies {
  private nextId = 1
  private readonly owed = new Map<number, Waiter>()

  /** A new request id (or `id`) and the promise of its reply: the strategy's variables after it. */
  expect(id = this.nextId++): { id: number; reply: Promise<Vars> } {
    return { id, reply: new Promise((resolve, reject) => this.owed.set(id, { resolve, reject })) }
  }

  resolve(id: number, vars: Vars): void {
    this.owed.get(id)?.resolve(vars)
    this.owed.delete(id)
  }

  reject(id: number, failure: Failure, refused: boolean): void {
    this.owed.get(id)?.reject(new WorkerFailure(failure, refused))
    this.owed.delete(id)
  }

  rejectAll(failure: Failure): void {
    for (const id of [...this.owed.keys()]) this.reject(id, failure, false)
  }
}

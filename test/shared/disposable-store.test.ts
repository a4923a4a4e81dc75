import { describe, expect, it } from 'vitest'
import { DisposableStore, disposeOnce } from '../../src/shared/disposable-store'

/** A registration whose releases are counted, named for the log of who was released when. */
function registration(name: string, released: string[]): () => void {
  return () => released.push(name)
}

describe('DisposableStore', () => {
  it('releases everything it holds once, in the order added, and counts what it holds', () => {
    const released: string[] = []
    const store = new DisposableStore()
    store.add(registration('tick', released), registration('order', released))
    expect(store.size).toBe(2)
    store.dispose()
    expect(released).toEqual(['tick', 'order'])
    expect(store.size).toBe(0)
    expect(store.isDisposed).toBe(true)
    store.dispose()
    expect(released).toEqual(['tick', 'order'])
  })

  it('releases at once what is added after it was disposed, so a late registration cannot leak', () => {
    const released: string[] = []
    const store = new DisposableStore()
    store.dispose()
    store.add(registration('late', released))
    expect(released).toEqual(['late'])
    expect(store.size).toBe(0)
  })

  it('clear releases what it holds and stays usable, for an owner that registers afresh', () => {
    const released: string[] = []
    const store = new DisposableStore()
    store.add(registration('first', released))
    store.clear()
    store.add(registration('second', released))
    expect(released).toEqual(['first'])
    expect(store.size).toBe(1)
    expect(store.isDisposed).toBe(false)
    store.dispose()
    expect(released).toEqual(['first', 'second'])
  })

  it('holds the same disposer once', () => {
    const released: string[] = []
    const store = new DisposableStore()
    const dispose = registration('tick', released)
    store.add(dispose)
    store.add(dispose)
    expect(store.size).toBe(1)
    store.dispose()
    expect(released).toEqual(['tick'])
  })

  it('releases the rest when one disposer throws, then throws its error', () => {
    const released: string[] = []
    const store = new DisposableStore()
    store.add(registration('before', released))
    store.add(() => {
      throw new Error('window already gone')
    })
    store.add(registration('after', released))
    expect(() => store.dispose()).toThrow('window already gone')
    expect(released).toEqual(['before', 'after'])
    expect(store.size).toBe(0)
  })
})

describe('disposeOnce', () => {
  it('acts once, so a stale disposer called again cannot undo a later registration', () => {
    let registered = 0
    const register = () => {
      registered++
      return disposeOnce(() => registered--)
    }
    const first = register()
    first()
    register()
    first()
    expect(registered).toBe(1)
  })
})

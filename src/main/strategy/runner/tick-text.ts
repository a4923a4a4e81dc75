import type { Tick } from '../../../shared/objects'

/** The last tick made into text, and its text: the engine hands every strategy on an instrument the same object. */
let lastTick: Tick | undefined
let lastText = ''

/** A tick as the worker gets it (see ToWorker): its JSON text, made once for all its strategies. */
export function tickText(tick: Tick): string {
  if (tick !== lastTick) {
    lastTick = tick
    lastText = JSON.stringify(tick)
  }
  return lastText
}

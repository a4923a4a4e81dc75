import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Direction, Offset, OrderType, Position } from '../../../shared/objects'

/**
 * The order ticket's fields. Other panels fill it (double-click a market row
 * or a position); the chart shows its symbol, the selected instrument.
 */
export const useTicket = defineStore('ticket', () => {
  const vtSymbol = ref('')
  const direction = ref<Exclude<Direction, 'NET'>>('LONG')
  const offset = ref<Offset>('OPEN')
  const type = ref<OrderType>('LIMIT')
  const price = ref<number | undefined>(undefined)
  const volume = ref<number | undefined>(1)
  const followLast = ref(true)

  /** Puts an instrument on the ticket, priced at its last price. */
  function chooseInstrument(symbol: string, lastPrice: number | undefined): void {
    vtSymbol.value = symbol
    if (lastPrice !== undefined && lastPrice > 0) price.value = lastPrice
  }

  /** Pre-fills an order that closes `position` in full, at the last price. */
  function closePosition(position: Position, lastPrice: number | undefined): void {
    chooseInstrument(position.vtSymbol, lastPrice ?? position.price)
    const long = position.direction === 'LONG' || (position.direction === 'NET' && position.volume > 0)
    direction.value = long ? 'SHORT' : 'LONG'
    offset.value = 'CLOSE'
    type.value = 'LIMIT'
    volume.value = Math.abs(position.volume)
  }

  return { vtSymbol, direction, offset, type, price, volume, followLast, chooseInstrument, closePosition }
})

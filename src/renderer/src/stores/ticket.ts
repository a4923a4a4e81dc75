import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Direction, Offset, OrderType, Position } from '../../../shared/objects'
import { closingOrder, type ClosingLeg } from '../ticket/closing-order'

/** The second order a close needs (yesterday's lots on SHFE/INE), for the instrument and side it belongs to. */
export interface CloseRemainder extends ClosingLeg {
  vtSymbol: string
  direction: Exclude<Direction, 'NET'>
}

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
  /** Set by a close that takes two orders: the ticket holds the first and reminds of this one. */
  const closeRemainder = ref<CloseRemainder | undefined>(undefined)

  /** Puts an instrument on the ticket, priced at its last price. */
  function chooseInstrument(symbol: string, lastPrice: number | undefined): void {
    vtSymbol.value = symbol
    closeRemainder.value = undefined
    if (lastPrice !== undefined && lastPrice > 0) price.value = lastPrice
  }

  /**
   * Pre-fills (never sends) the order that closes `position` in full, at the
   * last price, with the offset its exchange needs; see `closingOrder`.
   */
  function closePosition(position: Position, lastPrice: number | undefined): void {
    chooseInstrument(position.vtSymbol, lastPrice ?? position.price)
    const closing = closingOrder(position)
    const [first, rest] = closing.legs
    direction.value = closing.direction
    offset.value = first.offset
    type.value = 'LIMIT'
    volume.value = first.volume
    closeRemainder.value =
      rest === undefined ? undefined : { ...rest, vtSymbol: closing.vtSymbol, direction: closing.direction }
  }

  return {
    vtSymbol,
    direction,
    offset,
    type,
    price,
    volume,
    followLast,
    closeRemainder,
    chooseInstrument,
    closePosition,
  }
})

import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

/** What a confirmation asks: the confirm button repeats the action ("Cancel 7 orders", "Remove grid_demo"). */
export interface ConfirmationRequest {
  title: string
  message: string
  confirm: string
  /** The button that does nothing: never "Cancel", which would read as the action in "Cancel 7 orders". */
  dismiss: string
}

interface Pending {
  request: ConfirmationRequest
  answer: (confirmed: boolean) => void
}

/**
 * The window's one confirmation prompt (ConfirmDialog shows it). `ask`
 * resolves true when the trader confirms, false when they dismiss it or
 * press Escape; a second question dismisses the first.
 */
export const useConfirmations = defineStore('confirmations', () => {
  const pending = shallowRef<Pending | undefined>()

  function ask(request: ConfirmationRequest): Promise<boolean> {
    answer(false)
    return new Promise((resolve) => (pending.value = { request, answer: resolve }))
  }

  function answer(confirmed: boolean): void {
    const asked = pending.value
    pending.value = undefined
    asked?.answer(confirmed)
  }

  return { pending, ask, answer }
})

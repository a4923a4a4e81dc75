import { onBeforeUnmount, onMounted } from 'vue'

/** The ticket's first field (OrderTicket.vue gives it this id). */
const TICKET_FIELD_ID = 'ticket-symbol'

/**
 * Escape anywhere on the desk takes the focus back to the order ticket, as
 * trading terminals do: from a table or a menu the trader is one key from
 * the next order. A dialog keeps Escape for itself (it closes the dialog),
 * and so does anything that handled it first (an open menu closes and marks
 * the key handled), so this listens last: on the window, after the document.
 */
export function useEscapeToTicket(): void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented) return
    if (event.target instanceof Element && event.target.closest('dialog') !== null) return
    if (document.querySelector('dialog[open]') !== null) return
    document.getElementById(TICKET_FIELD_ID)?.focus()
  }
  onMounted(() => window.addEventListener('keydown', onKeyDown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeyDown))
}

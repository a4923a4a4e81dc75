import { onBeforeUnmount, onMounted } from 'vue'

/**
 * The window's drop-down menus are `<details class="menu">`: they open and
 * close by themselves, but would stay open when the trader clicks elsewhere
 * or presses Escape. This closes them then, as any menu does.
 */
export function useDismissableMenus(): void {
  const openMenus = (): HTMLDetailsElement[] => [...document.querySelectorAll<HTMLDetailsElement>('details.menu[open]')]
  const onPointerDown = (event: PointerEvent): void => {
    for (const menu of openMenus()) if (!menu.contains(event.target as Node)) menu.open = false
  }
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return
    const open = openMenus()
    // Handled: the key closes the menu and does nothing more (useEscapeToTicket leaves it).
    if (open.length > 0) event.preventDefault()
    for (const menu of open) {
      menu.open = false
      menu.querySelector('summary')?.focus()
    }
  }
  onMounted(() => {
    document.addEventListener('pointerdown', onPointerDown)
    document.addEventListener('keydown', onKeyDown)
  })
  onBeforeUnmount(() => {
    document.removeEventListener('pointerdown', onPointerDown)
    document.removeEventListener('keydown', onKeyDown)
  })
}

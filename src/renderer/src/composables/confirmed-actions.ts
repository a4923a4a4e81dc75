import { useI18n } from 'vue-i18n'
import { isActive } from '../../../shared/objects'
import { useHostText } from '../i18n/host-text'
import { useApi, useLiveStore } from '../live/inject'
import { useConfirmations } from '../stores/confirmations'
import { useDeskSettings } from '../stores/desk-settings'

/**
 * The actions that ask first (unless the desk's `confirm.*` setting is off):
 * Cancel all, from the ticket or the orders' tab bar, and removing a
 * strategy. Each resolves to the host's refusal in the user's language, if
 * it refused, and to nothing when it was done or the trader thought better
 * of it.
 */
export function useConfirmedActions() {
  const { t } = useI18n()
  const api = useApi()
  const store = useLiveStore()
  const settings = useDeskSettings()
  const confirmations = useConfirmations()
  const hostText = useHostText()

  async function cancelAll(): Promise<string | undefined> {
    // This window's count of what the desk will cancel: every working order, whoever sent it.
    const count = [...store.orders.values()].filter(isActive).length
    if (count > 0 && settings.values['confirm.cancelAll']) {
      const confirmed = await confirmations.ask({
        title: t('confirm.cancelAllTitle'),
        message: t('confirm.cancelAllMessage', { count }, count),
        confirm: t('confirm.cancelOrders', { count }, count),
        dismiss: t('confirm.keepOrders'),
      })
      if (!confirmed) return undefined
    }
    const result = await api.invoke('order:cancelAll', {})
    return result.ok ? undefined : hostText(result.error.detail ?? {}, result.error.message)
  }

  async function removeStrategy(strategyName: string): Promise<string | undefined> {
    if (settings.values['confirm.removeStrategy']) {
      const confirmed = await confirmations.ask({
        title: t('confirm.removeTitle'),
        message: t('confirm.removeMessage', { name: strategyName }),
        confirm: t('confirm.remove', { name: strategyName }),
        dismiss: t('confirm.keep', { name: strategyName }),
      })
      if (!confirmed) return undefined
    }
    const result = await api.invoke('strategy:remove', { strategyName })
    return result.ok ? undefined : hostText(result.error.detail ?? {}, result.error.message)
  }

  return { cancelAll, removeStrategy }
}

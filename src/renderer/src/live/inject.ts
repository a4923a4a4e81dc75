import { inject, type InjectionKey } from 'vue'
import type { EventDeskApi } from '../../../shared/contract'
import type { LiveStore } from './live-store'

/** The bridge, handed to components by the bootstrap (they never build one). */
export const API_KEY: InjectionKey<EventDeskApi> = Symbol('EventDeskApi')
export const LIVE_STORE_KEY: InjectionKey<LiveStore> = Symbol('LiveStore')

export function useApi(): EventDeskApi {
  const api = inject(API_KEY)
  if (api === undefined) throw new Error('No EventDeskApi provided')
  return api
}

export function useLiveStore(): LiveStore {
  const store = inject(LIVE_STORE_KEY)
  if (store === undefined) throw new Error('No LiveStore provided')
  return store
}

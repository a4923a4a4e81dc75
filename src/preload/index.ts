import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('eventdesk', { version: 1 })

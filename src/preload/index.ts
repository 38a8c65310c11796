// Runs sandboxed, before the page, in an isolated world: it can only hand the page the typed
// bridge. Built as CommonJS because sandboxed preloads cannot load ES modules.
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

contextBridge.exposeInMainWorld('outpost', createBridge(ipcRenderer))

import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import { EventEngine } from './engine'

const engine = new EventEngine()

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  if (process.env['ELECTRON_RENDERER_URL']) void win.loadURL(process.env['ELECTRON_RENDERER_URL'])
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
}

void app.whenReady().then(() => {
  engine.start()
  createWindow()
})

app.on('window-all-closed', () => {
  void engine.stop().then(() => app.quit())
})

// Placeholder entry until the Electron shell lands (issue 6).
import { app } from 'electron'

void app.whenReady()

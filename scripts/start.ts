// `npm start`: the local Supabase with demo data, and the app served at http://127.0.0.1:5173.
// (`npm run dev:desktop` opens the same app in the Electron shell where Electron is installed.)
import { startLocalSupabase } from '../supabase/local'
import { buildWeb, serveWeb } from './serve-web'

const backend = await startLocalSupabase({
  seed: 'demo',
  log: (line) => console.log(`[backend] ${line}`),
})
try {
  buildWeb()
} catch (error) {
  await backend.stop()
  throw error
}
const web = await serveWeb({ config: { url: backend.url, anonKey: backend.anonKey }, port: 5173 })

console.log(`
Outpost is running.
  App:      ${web.url}
  Backend:  ${backend.url}   (PostgreSQL: ${backend.dbUrl})
  Sign in:  tech1@outpost.test, tech2@outpost.test, office@outpost.test, admin@outpost.test
            (password: outpost-demo)
Press Ctrl-C to stop.`)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await web.close()
  await backend.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

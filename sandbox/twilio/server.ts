import { createServer, type Server } from 'node:http'
import type { CallEngine } from './engine/index'
import { createControlHandler } from './control/index'
import { handleRest } from './rest/index'
import type { SandboxStore } from './store'

/** One HTTP server: the REST API under /2010-04-01, simulated parties under /sandbox. */
export function createSandboxServer(deps: { store: SandboxStore; engine: CallEngine; accountSid: string }): Server {
  const handleControl = createControlHandler(deps)
  return createServer((req, res) => {
    void (async () => {
      if (await handleRest(req, res, deps)) return
      if (await handleControl(req, res)) return
      if (req.url === '/' || req.url === '') {
        res.writeHead(302, { location: '/sandbox' })
        return res.end()
      }
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 20404, message: `The requested resource ${req.url} was not found`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 }))
    })().catch((error) => {
      console.error('sandbox server error', error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
}

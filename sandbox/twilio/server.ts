import { createServer, type Server } from 'node:http'
import { createControlHandler, type ControlDependencies } from './control/index'
import { notFound, TwilioApiError } from './errors'
import type { RestDependencies } from './rest/context'
import { sendError } from './rest/http'
import { handleRest } from './rest/index'
import { serveSdkSound } from './voice-sdk/sounds'

/** One HTTP server: the REST API under /2010-04-01, simulated parties and caught mail under /sandbox, the Voice SDK's sounds. */
export function createSandboxServer(deps: RestDependencies & Pick<ControlDependencies, 'accountSid' | 'mailbox'>): Server {
  const handleControl = createControlHandler(deps)
  return createServer((req, res) => {
    void (async () => {
      if (await handleRest(req, res, deps)) return
      if (await handleControl(req, res)) return
      if (serveSdkSound(req, res)) return
      if (req.url === '/' || req.url === '') {
        res.writeHead(302, { location: '/sandbox' })
        return res.end()
      }
      sendError(res, notFound(new URL(req.url ?? '/', 'http://sandbox').pathname))
    })().catch((error) => {
      console.error('sandbox server error', error)
      if (!res.headersSent) sendError(res, new TwilioApiError(500, 20500, 'Internal Server Error'))
      else res.end()
    })
  })
}

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallEngine } from '../engine/index'
import { TwilioApiError } from '../errors'
import type { SandboxStore } from '../store'
import * as calls from './calls'
import { route, type Route } from './context'
import { authenticate, json, readParams, sendError } from './http'
import * as resources from './resources'

// Twilio's REST API 2010-04-01, as far as the product uses it.
const ACCOUNT = '/Accounts/{AccountSid}'
const ROUTES: Route[] = [
  route('GET', '/Accounts.json', resources.listAccounts),
  route('POST', '/Accounts.json', resources.createAccount),
  route('GET', `${ACCOUNT}.json`, resources.fetchAccount),
  route('POST', `${ACCOUNT}.json`, resources.updateAccount),
  route('GET', `${ACCOUNT}/Keys.json`, resources.listKeys),
  route('POST', `${ACCOUNT}/Keys.json`, resources.createKey),
  route('GET', `${ACCOUNT}/Keys/{Sid}.json`, resources.fetchKey),
  route('POST', `${ACCOUNT}/Keys/{Sid}.json`, resources.updateKey),
  route('DELETE', `${ACCOUNT}/Keys/{Sid}.json`, resources.deleteKey),
  route('GET', `${ACCOUNT}/Applications.json`, resources.listApplications),
  route('POST', `${ACCOUNT}/Applications.json`, resources.createApplication),
  route('GET', `${ACCOUNT}/Applications/{Sid}.json`, resources.fetchApplication),
  route('POST', `${ACCOUNT}/Applications/{Sid}.json`, resources.updateApplication),
  route('DELETE', `${ACCOUNT}/Applications/{Sid}.json`, resources.deleteApplication),
  route('GET', `${ACCOUNT}/AvailablePhoneNumbers/{CountryCode}/{Type}.json`, resources.searchAvailable),
  route('GET', `${ACCOUNT}/IncomingPhoneNumbers.json`, resources.listNumbers),
  route('POST', `${ACCOUNT}/IncomingPhoneNumbers.json`, resources.buyNumber),
  route('GET', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, resources.fetchNumber),
  route('POST', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, resources.updateNumber),
  route('DELETE', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, resources.releaseNumber),
  route('GET', `${ACCOUNT}/Calls.json`, calls.listCalls),
  route('POST', `${ACCOUNT}/Calls.json`, calls.createCall),
  route('GET', `${ACCOUNT}/Calls/{Sid}.json`, calls.fetchCall),
  route('POST', `${ACCOUNT}/Calls/{Sid}.json`, calls.updateCall),
  route('DELETE', `${ACCOUNT}/Calls/{Sid}.json`, calls.deleteCall),
  route('GET', `${ACCOUNT}/Calls/{CallSid}/Recordings.json`, calls.listRecordings),
  route('GET', `${ACCOUNT}/Calls/{CallSid}/Notifications.json`, calls.listNotifications),
  route('GET', `${ACCOUNT}/Notifications.json`, calls.listNotifications),
  route('GET', `${ACCOUNT}/Notifications/{Sid}.json`, calls.fetchNotification),
  route('GET', `${ACCOUNT}/Recordings.json`, calls.listRecordings),
  route('GET', `${ACCOUNT}/Recordings/{Sid}.json`, calls.fetchRecording),
  route('DELETE', `${ACCOUNT}/Recordings/{Sid}.json`, calls.deleteRecording),
  route('GET', `${ACCOUNT}/Recordings/{Sid}.{Format}`, calls.recordingMedia),
  route('GET', `${ACCOUNT}/Queues.json`, calls.listQueues),
  route('POST', `${ACCOUNT}/Queues.json`, calls.createQueue),
  route('GET', `${ACCOUNT}/Queues/{Sid}.json`, calls.fetchQueue),
  route('POST', `${ACCOUNT}/Queues/{Sid}.json`, calls.updateQueue),
  route('DELETE', `${ACCOUNT}/Queues/{Sid}.json`, calls.deleteQueue),
  route('GET', `${ACCOUNT}/Queues/{QueueSid}/Members.json`, calls.listMembers),
  route('GET', `${ACCOUNT}/Queues/{QueueSid}/Members/{CallSid}.json`, calls.fetchMember),
  route('POST', `${ACCOUNT}/Queues/{QueueSid}/Members/{CallSid}.json`, calls.dequeueMember),
]

export async function handleRest(req: IncomingMessage, res: ServerResponse, deps: { store: SandboxStore; engine: CallEngine }): Promise<boolean> {
  const pathname = new URL(req.url ?? '/', 'http://sandbox').pathname
  if (!pathname.startsWith('/2010-04-01/')) return false
  try {
    const candidates = ROUTES.filter((candidate) => candidate.pattern.test(pathname))
    const matched = candidates.find((candidate) => candidate.method === req.method)
    if (!matched) {
      if (candidates.length) throw new TwilioApiError(405, 20004, 'Method not allowed')
      throw new TwilioApiError(404, 20404, `The requested resource ${pathname} was not found`)
    }
    const credentialSid = authenticate(req, deps.store)
    const params = await readParams(req)
    const path = { ...matched.pattern.exec(pathname)!.groups }
    if (path.Format && !['wav', 'mp3'].includes(path.Format)) throw new TwilioApiError(404, 20404, `The requested resource ${pathname} was not found`)
    await matched.handler({ ...deps, credentialSid, params, path, req, res })
  } catch (error) {
    if (error instanceof TwilioApiError) sendError(res, error)
    else {
      console.error('sandbox REST error', error)
      json(res, 500, { code: 20500, message: 'Internal Server Error', more_info: 'https://www.twilio.com/docs/errors/20500', status: 500 })
    }
  }
  return true
}

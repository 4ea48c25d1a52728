import type { IncomingMessage, ServerResponse } from 'node:http'
import { notFound, TwilioApiError } from '../errors'
import * as accounts from './accounts'
import * as applications from './applications'
import * as calls from './calls'
import * as conferences from './conferences'
import { route, type RestDependencies, type Route } from './context'
import { authenticate, json, readParams, sendError } from './http'
import * as iamKeys from './iam-keys'
import * as notifications from './notifications'
import * as phoneNumbers from './phone-numbers'
import * as pricing from './pricing'
import * as queues from './queues'
import * as recordings from './recordings'

// Twilio's REST API 2010-04-01 (JSON) at its own path, as far as the product uses it. Other Twilio
// products are served under /<product>/ — https://iam.twilio.com/v1/Keys at /iam/v1/Keys — the
// mapping the app's client factory applies (lib/telephony/twilio-client.ts), because their paths
// (/v1/...) collide across products.
const PREFIXES = ['/2010-04-01/', '/iam/v1/', '/pricing/v1/']
const ACCOUNT = '/2010-04-01/Accounts/{AccountSid}'
const ROUTES: Route[] = [
  route('GET', '/2010-04-01/Accounts.json', accounts.listAccounts),
  route('POST', '/2010-04-01/Accounts.json', accounts.createAccount),
  route('GET', `${ACCOUNT}.json`, accounts.fetchAccount),
  route('POST', `${ACCOUNT}.json`, accounts.updateAccount),
  route('GET', `${ACCOUNT}/Keys.json`, accounts.listKeys),
  route('POST', `${ACCOUNT}/Keys.json`, accounts.createKey),
  route('GET', `${ACCOUNT}/Keys/{Sid}.json`, accounts.fetchKey),
  route('POST', `${ACCOUNT}/Keys/{Sid}.json`, accounts.updateKey),
  route('DELETE', `${ACCOUNT}/Keys/{Sid}.json`, accounts.deleteKey),
  route('GET', `${ACCOUNT}/Applications.json`, applications.listApplications),
  route('POST', `${ACCOUNT}/Applications.json`, applications.createApplication),
  route('GET', `${ACCOUNT}/Applications/{Sid}.json`, applications.fetchApplication),
  route('POST', `${ACCOUNT}/Applications/{Sid}.json`, applications.updateApplication),
  route('DELETE', `${ACCOUNT}/Applications/{Sid}.json`, applications.deleteApplication),
  route('GET', `${ACCOUNT}/AvailablePhoneNumbers.json`, phoneNumbers.listCountries),
  route('GET', `${ACCOUNT}/AvailablePhoneNumbers/{CountryCode}.json`, phoneNumbers.fetchCountry),
  route('GET', `${ACCOUNT}/AvailablePhoneNumbers/{CountryCode}/{Type}.json`, phoneNumbers.searchAvailable),
  route('GET', `${ACCOUNT}/IncomingPhoneNumbers.json`, phoneNumbers.listNumbers),
  route('POST', `${ACCOUNT}/IncomingPhoneNumbers.json`, phoneNumbers.buyNumber),
  route('GET', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, phoneNumbers.fetchNumber),
  route('POST', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, phoneNumbers.updateNumber),
  route('DELETE', `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`, phoneNumbers.releaseNumber),
  route('GET', `${ACCOUNT}/Calls.json`, calls.listCalls),
  route('POST', `${ACCOUNT}/Calls.json`, calls.createCall),
  route('GET', `${ACCOUNT}/Calls/{Sid}.json`, calls.fetchCall),
  route('POST', `${ACCOUNT}/Calls/{Sid}.json`, calls.updateCall),
  route('DELETE', `${ACCOUNT}/Calls/{Sid}.json`, calls.deleteCall),
  route('GET', `${ACCOUNT}/Calls/{CallSid}/Recordings.json`, recordings.listRecordings),
  route('POST', `${ACCOUNT}/Calls/{CallSid}/Recordings.json`, recordings.createCallRecording),
  route('GET', `${ACCOUNT}/Calls/{CallSid}/Recordings/{Sid}.json`, recordings.fetchCallRecording),
  route('POST', `${ACCOUNT}/Calls/{CallSid}/Recordings/{Sid}.json`, recordings.updateCallRecording),
  route('DELETE', `${ACCOUNT}/Calls/{CallSid}/Recordings/{Sid}.json`, recordings.deleteCallRecording),
  route('GET', `${ACCOUNT}/Recordings.json`, recordings.listRecordings),
  route('GET', `${ACCOUNT}/Recordings/{Sid}.json`, recordings.fetchRecording),
  route('DELETE', `${ACCOUNT}/Recordings/{Sid}.json`, recordings.deleteRecording),
  route('GET', `${ACCOUNT}/Recordings/{Sid}`, recordings.recordingMedia),
  route('GET', `${ACCOUNT}/Recordings/{Sid}.{Format}`, recordings.recordingMedia),
  route('GET', `${ACCOUNT}/Calls/{CallSid}/Notifications.json`, notifications.listNotifications),
  route('GET', `${ACCOUNT}/Notifications.json`, notifications.listNotifications),
  route('GET', `${ACCOUNT}/Notifications/{Sid}.json`, notifications.fetchNotification),
  route('GET', `${ACCOUNT}/Queues.json`, queues.listQueues),
  route('POST', `${ACCOUNT}/Queues.json`, queues.createQueue),
  route('GET', `${ACCOUNT}/Queues/{Sid}.json`, queues.fetchQueue),
  route('POST', `${ACCOUNT}/Queues/{Sid}.json`, queues.updateQueue),
  route('DELETE', `${ACCOUNT}/Queues/{Sid}.json`, queues.deleteQueue),
  route('GET', `${ACCOUNT}/Queues/{QueueSid}/Members.json`, queues.listMembers),
  route('GET', `${ACCOUNT}/Queues/{QueueSid}/Members/{CallSid}.json`, queues.fetchMember),
  route('POST', `${ACCOUNT}/Queues/{QueueSid}/Members/{CallSid}.json`, queues.dequeueMember),
  route('GET', `${ACCOUNT}/Conferences.json`, conferences.listConferences),
  route('GET', `${ACCOUNT}/Conferences/{Sid}.json`, conferences.fetchConference),
  route('POST', `${ACCOUNT}/Conferences/{Sid}.json`, conferences.updateConference),
  route('GET', `${ACCOUNT}/Conferences/{ConferenceSid}/Participants.json`, conferences.listParticipants),
  route('POST', `${ACCOUNT}/Conferences/{ConferenceSid}/Participants.json`, conferences.createParticipant),
  route('GET', `${ACCOUNT}/Conferences/{ConferenceSid}/Participants/{CallSid}.json`, conferences.fetchParticipant),
  route('POST', `${ACCOUNT}/Conferences/{ConferenceSid}/Participants/{CallSid}.json`, conferences.updateParticipant),
  route('DELETE', `${ACCOUNT}/Conferences/{ConferenceSid}/Participants/{CallSid}.json`, conferences.deleteParticipant),
  route('GET', iamKeys.IAM_KEYS_PATH, iamKeys.listKeys),
  route('POST', iamKeys.IAM_KEYS_PATH, iamKeys.createKey),
  route('GET', `${iamKeys.IAM_KEYS_PATH}/{Sid}`, iamKeys.fetchKey),
  route('POST', `${iamKeys.IAM_KEYS_PATH}/{Sid}`, iamKeys.updateKey),
  route('DELETE', `${iamKeys.IAM_KEYS_PATH}/{Sid}`, iamKeys.deleteKey),
  route('GET', pricing.PRICING_PATH, pricing.listNumberPriceCountries),
  route('GET', `${pricing.PRICING_PATH}/{IsoCountry}`, pricing.fetchNumberPrices),
]

function dropConnection(req: IncomingMessage): true {
  req.socket.destroy()
  return true
}

function droppingResponse(req: IncomingMessage, res: ServerResponse): ServerResponse {
  return new Proxy(res, {
    get(target, property) {
      if (property === 'writeHead' || property === 'end' || property === 'write') return () => dropConnection(req)
      const value = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

function truncatingResponse(req: IncomingMessage, res: ServerResponse): ServerResponse {
  return new Proxy(res, {
    get(target, property) {
      if (property === 'end') {
        return (body?: Buffer | string) => {
          const bytes = Buffer.from(body ?? '')
          target.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => dropConnection(req))
          return target
        }
      }
      const value = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** Answers a request for a Twilio REST path; returns false for any other path. */
export async function handleRest(req: IncomingMessage, res: ServerResponse, deps: RestDependencies): Promise<boolean> {
  const pathname = new URL(req.url ?? '/', 'http://sandbox').pathname
  if (!PREFIXES.some((prefix) => pathname.startsWith(prefix))) return false
  try {
    const candidates = ROUTES.filter((candidate) => candidate.pattern.test(pathname))
    const matched = candidates.find((candidate) => candidate.method === req.method)
    if (!matched) throw candidates.length ? new TwilioApiError(405, 20004, 'Method not allowed') : notFound(pathname)
    const credential = authenticate(req, deps.store)
    const params = await readParams(req)
    const path = { ...matched.pattern.exec(pathname)!.groups }
    const now = () => new Date(deps.clock.now())
    const fault = deps.faults?.take(req.method!, pathname)
    if (fault?.kind === 'error') throw new TwilioApiError(fault.status, fault.code, fault.message)
    if (fault?.kind === 'drop-before') return dropConnection(req)
    // The handler's work is kept (the resource exists), but its answer never leaves.
    const answer = fault?.kind === 'drop-after' ? droppingResponse(req, res) : fault?.kind === 'truncate' ? truncatingResponse(req, res) : res
    await matched.handler({ ...deps, credential, params, path, req, res: answer, now })
  } catch (error) {
    if (error instanceof TwilioApiError) sendError(res, error)
    else {
      console.error('sandbox REST error', error)
      json(res, 500, new TwilioApiError(500, 20500, 'Internal Server Error'))
    }
  }
  return true
}

import { authenticateError, invalidParam, notFound } from '../errors'
import type { ApiKey } from '../store'
import { newApiKey } from './accounts'
import { param, requestPath, requireAccountCredential, touch } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { rfc2822, v1Page } from './serialize'

// IAM v1 Keys (https://iam.twilio.com/v1/Keys, served here under /iam/v1/Keys): the newer Key
// resource twilio-node exposes as `iam.v1.newApiKey`, `getApiKeys` and `apiKey(sid)`. The account
// is a parameter rather than part of the path. Like the 2010 Keys, it needs the account's own
// credentials, not a Standard key.

export const IAM_KEYS_PATH = '/iam/v1/Keys'

/** The AccountSid parameter, which the credentials must reach (20003 otherwise). */
function accountParam(context: RestContext): string {
  requireAccountCredential(context)
  const accountSid = param(context.params, 'AccountSid')
  if (!accountSid) throw invalidParam('Missing required parameter AccountSid')
  if (!context.store.accounts.has(accountSid) || !context.store.canAccess(context.credential.accountSid, accountSid)) throw authenticateError()
  return accountSid
}

function pathKey(context: RestContext): ApiKey {
  requireAccountCredential(context)
  const key = context.store.keys.get(context.path.Sid!)
  if (!key || !context.store.canAccess(context.credential.accountSid, key.accountSid)) throw notFound(requestPath(context))
  return key
}

function keyJson(key: ApiKey) {
  return { sid: key.sid, friendly_name: key.friendlyName, date_created: rfc2822(key.dateCreated), date_updated: rfc2822(key.dateUpdated), policy: null }
}

export function createKey(context: RestContext) {
  const accountSid = accountParam(context)
  // Restricted keys carry a permission policy the sandbox does not enforce; it makes Standard keys only.
  if (param(context.params, 'KeyType') === 'restricted') throw invalidParam('The sandbox does not emulate Restricted API keys')
  const key = newApiKey(context.store, accountSid, param(context.params, 'FriendlyName'), context.now())
  return json(context.res, 201, { ...keyJson(key), secret: key.secret })
}

export function listKeys(context: RestContext) {
  const accountSid = accountParam(context)
  const keys = [...context.store.keys.values()].filter((key) => key.accountSid === accountSid)
  const records = keys.map((key) => ({ sid: key.sid, friendly_name: key.friendlyName, date_created: rfc2822(key.dateCreated), date_updated: rfc2822(key.dateUpdated), flags: [] }))
  return json(context.res, 200, v1Page('keys', `${context.publicBaseUrl()}${IAM_KEYS_PATH}`, records, context.params))
}

export function fetchKey(context: RestContext) {
  return json(context.res, 200, keyJson(pathKey(context)))
}

export function updateKey(context: RestContext) {
  return json(context.res, 200, keyJson(touch(pathKey(context), { friendlyName: param(context.params, 'FriendlyName') }, context.now())))
}

export function deleteKey(context: RestContext) {
  context.store.keys.delete(pathKey(context).sid)
  return json(context.res, 204)
}

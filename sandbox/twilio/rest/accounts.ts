import { randomBytes } from 'node:crypto'
import { badParam, forbidden, invalidParam } from '../errors'
import { newSid, type Account, type ApiKey, type SandboxStore } from '../store'
import { param, owned, pathAccount, requireAccountCredential, touch } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { accountJson, API, keyJson, page } from './serialize'

// Accounts (the parent and its subaccounts) and their API keys.

const STATUSES: Account['status'][] = ['active', 'suspended', 'closed']

/** Twilio's FriendlyName rule: 1 to 64 characters (error 20002). */
function friendlyName(params: URLSearchParams): string | undefined {
  const name = param(params, 'FriendlyName')
  if (name !== undefined && (name.length < 1 || name.length > 64)) throw badParam(20002, 'Invalid FriendlyName: it must be 1 to 64 characters long')
  return name
}

/** Twilio's default: "SubAccount Created at {YYYY-MM-DD HH:MM meridian}". */
export function defaultSubaccountName(now: Date): string {
  const hours = now.getUTCHours()
  const pad = (n: number) => String(n).padStart(2, '0')
  const date = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`
  return `SubAccount Created at ${date} ${pad(hours % 12 || 12)}:${pad(now.getUTCMinutes())} ${hours < 12 ? 'am' : 'pm'}`
}

export function createAccount(context: RestContext) {
  requireAccountCredential(context)
  const parent = context.store.accounts.get(context.credential.accountSid)!
  // Subaccounts are one level deep: only a main account creates them.
  if (parent.parentSid) throw forbidden('A subaccount cannot create subaccounts')
  const now = context.now()
  const account: Account = {
    sid: newSid('AC'),
    authToken: randomBytes(16).toString('hex'),
    friendlyName: friendlyName(context.params) ?? defaultSubaccountName(now),
    status: 'active',
    parentSid: parent.sid,
    dateCreated: now,
    dateUpdated: now,
  }
  context.store.accounts.set(account.sid, account)
  return json(context.res, 201, accountJson(account))
}

/** The credentials' own account and, for a main account, its subaccounts. */
export function listAccounts(context: RestContext) {
  requireAccountCredential(context)
  const { store, credential, params } = context
  const [name, status] = [params.get('FriendlyName'), params.get('Status')]
  const visible = [...store.accounts.values()].filter(
    (account) => store.canAccess(credential.accountSid, account.sid) && (!name || account.friendlyName === name) && (!status || account.status === status),
  )
  return json(context.res, 200, page('accounts', `${API}/Accounts.json`, visible.map(accountJson), params))
}

export function fetchAccount(context: RestContext) {
  requireAccountCredential(context)
  return json(context.res, 200, accountJson(pathAccount(context)))
}

export function updateAccount(context: RestContext) {
  requireAccountCredential(context)
  const account = pathAccount(context)
  const status = param(context.params, 'Status') as Account['status'] | undefined
  if (status !== undefined && !STATUSES.includes(status)) throw invalidParam(`Status must be one of ${STATUSES.join(', ')}`)
  if (status !== undefined && status !== account.status) {
    if (account.status === 'closed') throw badParam(21479, 'Unable to update Status for subaccount, subaccount has been closed.')
    if (!account.parentSid) throw forbidden('The main account’s status cannot be changed through the API')
  }
  touch(account, { status, friendlyName: friendlyName(context.params) }, context.now())
  if (account.status === 'closed') releaseEverything(context.store, account.sid)
  return json(context.res, 200, accountJson(account))
}

/** Closing is final: Twilio releases the account's numbers and its keys stop working. */
function releaseEverything(store: SandboxStore, accountSid: string) {
  for (const [sid, number] of store.numbers) if (number.accountSid === accountSid) store.numbers.delete(sid)
  for (const [sid, key] of store.keys) if (key.accountSid === accountSid) store.keys.delete(sid)
}

// --- Keys -------------------------------------------------------------------------------------

/** Twilio's API key secrets are 32 alphanumeric characters. */
function newSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return [...randomBytes(32)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

export function newApiKey(store: SandboxStore, accountSid: string, name: string | undefined, now: Date): ApiKey {
  const key: ApiKey = { sid: newSid('SK'), accountSid, secret: newSecret(), friendlyName: name ?? '', dateCreated: now, dateUpdated: now }
  store.keys.set(key.sid, key)
  return key
}

export function createKey(context: RestContext) {
  requireAccountCredential(context)
  const key = newApiKey(context.store, pathAccount(context).sid, friendlyName(context.params), context.now())
  // The secret is in this response only; Twilio never returns it again.
  return json(context.res, 201, keyJson(key, true))
}

export function listKeys(context: RestContext) {
  requireAccountCredential(context)
  const account = pathAccount(context)
  const keys = [...context.store.keys.values()].filter((key) => key.accountSid === account.sid).map((key) => keyJson(key))
  return json(context.res, 200, page('keys', `${API}/Accounts/${account.sid}/Keys.json`, keys, context.params))
}

function pathKey(context: RestContext): ApiKey {
  requireAccountCredential(context)
  return owned(context, context.store.keys, context.path.Sid, pathAccount(context).sid)
}

export function fetchKey(context: RestContext) {
  return json(context.res, 200, keyJson(pathKey(context)))
}

export function updateKey(context: RestContext) {
  return json(context.res, 200, keyJson(touch(pathKey(context), { friendlyName: friendlyName(context.params) }, context.now())))
}

export function deleteKey(context: RestContext) {
  context.store.keys.delete(pathKey(context).sid)
  return json(context.res, 204)
}

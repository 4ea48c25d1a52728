import { authenticateError, notFound } from '../errors'
import type { Account } from '../store'
import type { RestContext } from './context'

// Which account a request acts on, and what its credentials may reach.

/**
 * The account in the path. Twilio answers 20003 when the credentials do not reach it: an account
 * reaches itself, a parent also reaches its subaccounts, and an API key acts as its account.
 */
export function pathAccount({ store, credential, path }: RestContext): Account {
  const account = store.accounts.get(path.AccountSid!)
  if (!account || !store.canAccess(credential.accountSid, account.sid)) throw authenticateError()
  return account
}

/**
 * Accounts and Keys need the account's own credentials: API keys made through the REST API are
 * Standard keys, which "access all Twilio API resources, except for Accounts (/Accounts) or Keys
 * (/Accounts/{SID}/Keys, /v1/Keys)" (https://www.twilio.com/docs/iam/api-keys/keys-in-console).
 */
export function requireAccountCredential(context: RestContext): void {
  if (context.credential.apiKeySid) throw authenticateError()
}

/**
 * The resource `sid` of `accountSid`; another account's resource is as absent as a missing one.
 * Twilio's 20404 message names the requested path.
 */
export function owned<T extends { accountSid: string }>(context: RestContext, map: Map<string, T>, sid: string | undefined, accountSid: string): T {
  const resource = sid ? map.get(sid) : undefined
  if (!resource || resource.accountSid !== accountSid) throw notFound(requestPath(context))
  return resource
}

export const requestPath = (context: RestContext) => new URL(context.req.url ?? '/', 'http://sandbox').pathname

/** A parameter's value, undefined when absent (so updates leave the field alone). */
export const param = (params: URLSearchParams, name: string) => params.get(name) ?? undefined

/** Applies the defined changes and stamps date_updated. */
export function touch<T extends { dateUpdated: Date }>(resource: T, changes: Partial<T>, now: Date): T {
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) (resource as Record<string, unknown>)[key] = value
  resource.dateUpdated = now
  return resource
}

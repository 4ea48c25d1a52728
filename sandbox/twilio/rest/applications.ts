import { newSid, type Application, type VoiceConfig } from '../store'
import { owned, param, pathAccount, touch } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { API, applicationJson, page } from './serialize'

// TwiML Applications, and the voice and messaging settings they share with phone numbers.

const VOICE_PARAMS = {
  voiceUrl: 'VoiceUrl',
  voiceMethod: 'VoiceMethod',
  voiceFallbackUrl: 'VoiceFallbackUrl',
  voiceFallbackMethod: 'VoiceFallbackMethod',
  statusCallback: 'StatusCallback',
  statusCallbackMethod: 'StatusCallbackMethod',
  smsUrl: 'SmsUrl',
  smsMethod: 'SmsMethod',
  smsFallbackUrl: 'SmsFallbackUrl',
  smsFallbackMethod: 'SmsFallbackMethod',
} as const

/** Settings only an application has. */
const APPLICATION_PARAMS = { smsStatusCallback: 'SmsStatusCallback', messageStatusCallback: 'MessageStatusCallback' } as const

/** The voice settings and name a create or update request carries (absent ones undefined). */
export function voiceChanges(params: URLSearchParams): Partial<VoiceConfig> & { friendlyName?: string } {
  const changes: Partial<VoiceConfig> = {}
  for (const [field, name] of Object.entries(VOICE_PARAMS) as [keyof VoiceConfig, string][]) {
    const value = param(params, name)
    // Methods are case-insensitive on the wire; Twilio echoes them upper-case.
    if (value !== undefined) changes[field] = field.endsWith('Method') ? value.toUpperCase() : value
  }
  return { friendlyName: param(params, 'FriendlyName'), ...changes }
}

/** Twilio's defaults for what a create request leaves out. */
export function voiceConfig(changes: Partial<VoiceConfig>): VoiceConfig {
  return {
    voiceUrl: changes.voiceUrl ?? null,
    voiceMethod: changes.voiceMethod ?? 'POST',
    voiceFallbackUrl: changes.voiceFallbackUrl ?? null,
    voiceFallbackMethod: changes.voiceFallbackMethod ?? 'POST',
    statusCallback: changes.statusCallback ?? null,
    statusCallbackMethod: changes.statusCallbackMethod ?? 'POST',
    smsUrl: changes.smsUrl ?? null,
    smsMethod: changes.smsMethod ?? 'POST',
    smsFallbackUrl: changes.smsFallbackUrl ?? null,
    smsFallbackMethod: changes.smsFallbackMethod ?? 'POST',
  }
}

function applicationChanges(params: URLSearchParams) {
  const own = Object.fromEntries(Object.entries(APPLICATION_PARAMS).flatMap(([field, name]) => (param(params, name) === undefined ? [] : [[field, param(params, name)]]))) as Partial<Pick<Application, keyof typeof APPLICATION_PARAMS>>
  return { ...voiceChanges(params), ...own }
}

export function createApplication(context: RestContext) {
  const account = pathAccount(context)
  const now = context.now()
  const changes = applicationChanges(context.params)
  const application: Application = {
    sid: newSid('AP'),
    accountSid: account.sid,
    friendlyName: changes.friendlyName ?? '',
    ...voiceConfig(changes),
    smsStatusCallback: changes.smsStatusCallback ?? null,
    messageStatusCallback: changes.messageStatusCallback ?? null,
    dateCreated: now,
    dateUpdated: now,
  }
  context.store.applications.set(application.sid, application)
  return json(context.res, 201, applicationJson(application))
}

export function listApplications(context: RestContext) {
  const account = pathAccount(context)
  const name = context.params.get('FriendlyName')
  const applications = [...context.store.applications.values()].filter((app) => app.accountSid === account.sid && (!name || app.friendlyName === name))
  return json(context.res, 200, page('applications', `${API}/Accounts/${account.sid}/Applications.json`, applications.map(applicationJson), context.params))
}

const pathApplication = (context: RestContext) => owned(context, context.store.applications, context.path.Sid, pathAccount(context).sid)

export function fetchApplication(context: RestContext) {
  return json(context.res, 200, applicationJson(pathApplication(context)))
}

export function updateApplication(context: RestContext) {
  return json(context.res, 200, applicationJson(touch(pathApplication(context), applicationChanges(context.params), context.now())))
}

export function deleteApplication(context: RestContext) {
  context.store.applications.delete(pathApplication(context).sid)
  return json(context.res, 204)
}

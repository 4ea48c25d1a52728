import type { PhoneNumber } from '@/lib/generated/prisma/client'

// A phone number as the JSON API and the UI see it.

export type NumberRow = PhoneNumber & { routeUser?: { name: string } | null; routeQueue?: { name: string } | null; callFlow?: { name: string } | null }

export const routeIncludes = { routeUser: { select: { name: true } }, routeQueue: { select: { name: true } }, callFlow: { select: { name: true } } } as const

/** One line saying who answers, for lists. */
export function routeSummary(number: NumberRow): string {
  if (number.status !== 'ACTIVE') return number.status === 'RELEASED' ? 'Released' : 'Missing at Twilio'
  if (number.callFlowId) return `Call flow ${number.callFlow?.name ?? ''}`.trim()
  const target = number.routeKind === 'AI' ? 'AI receptionist' : number.routeKind === 'USER' ? (number.routeUser?.name ?? 'a team member') : `Queue ${number.routeQueue?.name ?? ''}`.trim()
  return number.businessHoursId ? `${target} in business hours; after hours ${number.afterHoursMode.toLowerCase()}` : target
}

export function numberView(number: NumberRow) {
  return {
    id: number.id,
    phoneNumber: number.e164,
    twilioSid: number.twilioSid,
    friendlyName: number.friendlyName,
    status: number.status,
    statusNote: number.statusNote,
    releasedAt: number.releasedAt,
    routeKind: number.routeKind,
    routeUserId: number.routeUserId,
    routeQueueId: number.routeQueueId,
    greeting: number.greeting,
    voice: number.voice,
    businessHoursId: number.businessHoursId,
    afterHoursMode: number.afterHoursMode,
    afterHoursMessage: number.afterHoursMessage,
    recordingPolicy: number.recordingPolicy,
    callFlowId: number.callFlowId,
    capabilities: { voice: number.voiceCapable, sms: number.smsCapable, mms: number.mmsCapable },
    routeSummary: routeSummary(number),
    createdAt: number.createdAt,
  }
}

export type NumberView = ReturnType<typeof numberView>

/** The configuration fields, for audit before/after. */
export function numberConfiguration(number: PhoneNumber) {
  const { friendlyName, routeKind, routeUserId, routeQueueId, greeting, voice, businessHoursId, afterHoursMode, afterHoursMessage, recordingPolicy, callFlowId, status } = number
  return { friendlyName, routeKind, routeUserId, routeQueueId, greeting, voice, businessHoursId, afterHoursMode, afterHoursMessage, recordingPolicy, callFlowId, status }
}

/** A new row for a number Twilio holds: its SID, E.164, name and capabilities as Twilio reports them. */
export function rowFromTwilio(
  organizationId: string,
  number: { sid: string; phoneNumber: string; friendlyName: string; capabilities?: { voice?: boolean; sms?: boolean; mms?: boolean } },
) {
  return {
    organizationId,
    twilioSid: number.sid,
    e164: number.phoneNumber,
    friendlyName: number.friendlyName,
    voiceCapable: Boolean(number.capabilities?.voice),
    smsCapable: Boolean(number.capabilities?.sms),
    mmsCapable: Boolean(number.capabilities?.mms),
  }
}

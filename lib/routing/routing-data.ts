import { LIVE_CALL_WINDOW_MS } from '@/lib/agents/availability'
import { prisma } from '@/lib/db/client'
import type { Schedule } from './business-hours'
import type { RoutingNumber, RoutingOrganization } from './inbound-route'

// What routing a call needs — the organization, the called number (active only: a released
// number is no longer ours to answer for), its user or queue, and its schedule (its own, else the
// organization's default) with the schedule's intervals and exceptions — in one round trip. Every
// call's first webhook waits on this, so it is one SQL statement rather than the seven queries the
// ORM would issue for the same includes. Scoped explicitly: every table is joined on the
// organization's id, and the composite keys make a cross-organization row impossible anyway.

export interface RoutingData {
  number: RoutingNumber | null
  org: RoutingOrganization | null
  schedule: Schedule | null
}

export async function loadRoutingData(organizationId: string, calledNumber: string): Promise<RoutingData> {
  const rows = await prisma().$queryRaw<{ org: RoutingOrganization; number: RoutingNumber | null; schedule: Schedule | null }[]>`
    SELECT
      json_build_object('id', o.id, 'name', o.name, 'defaultGreeting', o."defaultGreeting", 'defaultVoice', o."defaultVoice",
        'aiInstructions', o."aiInstructions", 'aiSettings', o."aiSettings", 'recordingPolicy', o."recordingPolicy", 'recordingDisclosure', o."recordingDisclosure") AS org,
      CASE WHEN n.id IS NULL THEN NULL ELSE json_build_object('id', n.id, 'e164', n.e164, 'routeKind', n."routeKind", 'greeting', n.greeting,
        'voice', n.voice, 'afterHoursMode', n."afterHoursMode", 'afterHoursMessage', n."afterHoursMessage", 'recordingPolicy', n."recordingPolicy", 'callFlowId', n."callFlowId", 'aiSettings', n."aiSettings",
        'routeUser', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name, 'softphoneIdentity', u."softphoneIdentity", 'forwardingNumber', u."forwardingNumber",
          'availability', u.availability, 'onCall', EXISTS (SELECT 1 FROM "CallLog" c WHERE c."organizationId" = o.id AND c."agentUserId" = u.id AND c.status = 'IN_PROGRESS'
            AND c."startedAt" > now() - make_interval(secs => ${LIVE_CALL_WINDOW_MS / 1000}) AND (c."toNumber" LIKE 'client:%' OR c."fromNumber" LIKE 'client:%'))) END,
        'routeQueue', CASE WHEN q.id IS NULL THEN NULL ELSE json_build_object('id', q.id, 'name', q.name) END) END AS number,
      CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('name', s.name, 'timeZone', s."timeZone",
        'intervals', COALESCE((SELECT json_agg(json_build_object('dayOfWeek', i."dayOfWeek", 'startMinute', i."startMinute", 'endMinute', i."endMinute"))
          FROM "BusinessHoursInterval" i WHERE i."organizationId" = o.id AND i."businessHoursId" = s.id), '[]'::json),
        'exceptions', COALESCE((SELECT json_agg(json_build_object('date', e.date, 'closed', e.closed, 'startMinute', e."startMinute", 'endMinute', e."endMinute", 'label', e.label))
          FROM "BusinessHoursException" e WHERE e."organizationId" = o.id AND e."businessHoursId" = s.id), '[]'::json)) END AS schedule
    FROM "Organization" o
    LEFT JOIN LATERAL (
      SELECT * FROM "PhoneNumber" p WHERE p."organizationId" = o.id AND p.e164 = ${calledNumber} AND p.status = 'ACTIVE' ORDER BY p."createdAt" LIMIT 1
    ) n ON true
    LEFT JOIN "User" u ON u."organizationId" = o.id AND u.id = n."routeUserId"
    LEFT JOIN "Queue" q ON q."organizationId" = o.id AND q.id = n."routeQueueId"
    LEFT JOIN LATERAL (
      SELECT b.id, b.name, b."timeZone" FROM "BusinessHours" b
      WHERE b."organizationId" = o.id AND n.id IS NOT NULL AND (b.id = n."businessHoursId" OR (n."businessHoursId" IS NULL AND b."isDefault"))
      LIMIT 1
    ) s ON true
    WHERE o.id = ${organizationId}`
  const row = rows[0]
  return { org: row?.org ?? null, number: row?.number ?? null, schedule: row?.schedule ?? null }
}

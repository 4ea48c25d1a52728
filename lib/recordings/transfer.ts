import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { loadOrganizationSecrets } from '@/lib/provisioning/organization-secrets'
import type { ObjectStore } from '@/lib/storage/object-store'
import type { TwilioClient, TwilioCredentials } from '@/lib/telephony/twilio-client'

// Moving a recording from Twilio to our S3, as one retryable, idempotent step (the spec's
// "Recording Retrieval", done safely): the media is streamed, never held whole; the object key
// is fixed per recording, so a retry overwrites rather than duplicates; S3's copy is verified
// before the row says STORED; Twilio's copy is deleted only after that, and only if configured.

export interface TransferDependencies {
  db: PrismaClient
  store: ObjectStore
  twilioClient(credentials: TwilioCredentials): TwilioClient
  /** Where a Twilio media URL is fetched from: itself, or the sandbox (lib/telephony/twilio-client.ts). */
  mediaUrl(twilioUrl: string): string
  deleteFromTwilio: boolean
}

/** The recording is not ready at Twilio yet (`processing`): the job retries with backoff. */
export class RecordingNotReady extends Error {
  override name = 'RecordingNotReady'
}

export type TransferOutcome = 'stored' | 'already-stored' | 'failed' | 'deleted'

export const recordingObjectKey = (organizationId: string, recordingSid: string) => `organizations/${organizationId}/recordings/${recordingSid}.wav`

const isNotFound = (error: unknown) => (error as { status?: number }).status === 404

export async function transferRecording(deps: TransferDependencies, organizationId: string, recordingSid: string): Promise<TransferOutcome> {
  const { db } = deps
  const row = await db.recording.findFirst({ where: { organizationId, recordingSid } })
  if (!row) throw new Error(`no recording ${recordingSid} in organization ${organizationId}`)
  if (row.status === 'DELETED') return 'deleted'
  if (row.status === 'STORED' && (row.deletedFromTwilio || !deps.deleteFromTwilio)) return 'already-stored'

  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { twilioAccountSid: true } })
  const secrets = await loadOrganizationSecrets(db, organizationId)
  if (!organization.twilioAccountSid || !secrets) throw new Error(`organization ${organizationId} has no Twilio credentials yet`)
  const credentials = { accountSid: organization.twilioAccountSid, authToken: secrets.authToken }
  const twilio = deps.twilioClient(credentials)
  const key = recordingObjectKey(organizationId, recordingSid)

  let outcome: TransferOutcome = 'already-stored'
  if (row.status !== 'STORED') {
    const recording = await twilio.recordings(recordingSid).fetch().catch((error: unknown) => {
      if (isNotFound(error)) return null
      throw error
    })
    if (!recording || ['absent', 'failed', 'deleted'].includes(recording.status)) {
      const failureReason = recording ? `Twilio reports the recording ${recording.status}${recording.errorCode ? ` (error ${recording.errorCode})` : ''}` : 'Twilio no longer has the recording'
      await db.recording.update({ where: { id: row.id }, data: { status: 'FAILED', failureReason } })
      return 'failed'
    }
    if (recording.status !== 'completed') throw new RecordingNotReady(`recording ${recordingSid} is ${recording.status} at Twilio`)

    // Twilio serves the media at the resource's URI with the extension of the format; WAV keeps both channels.
    const media = await fetch(deps.mediaUrl(`https://api.twilio.com${recording.uri.replace(/\.json$/, '.wav')}`), {
      headers: { authorization: `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}` },
    })
    if (!media.ok || !media.body) throw new Error(`downloading ${recordingSid} answered ${media.status}`)
    const stored = await deps.store.putStream(key, Readable.fromWeb(media.body as WebReadableStream<Uint8Array>), 'audio/wav')
    const announced = Number(media.headers.get('content-length') ?? stored.sizeBytes)
    if (announced !== stored.sizeBytes) {
      await deps.store.delete(key)
      throw new Error(`the download of ${recordingSid} was cut short: ${stored.sizeBytes} of ${announced} bytes`)
    }
    // A recording deleted while it was on its way is not brought back.
    const { count } = await db.recording.updateMany({
      where: { id: row.id, status: { not: 'DELETED' } },
      data: {
        status: 'STORED',
        s3Key: key,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256Hex,
        contentType: 'audio/wav',
        channels: recording.channels,
        durationSeconds: Number(recording.duration),
        source: row.source ?? recording.source,
        storedAt: new Date(),
        failureReason: null,
      },
    })
    if (count === 0) {
      await deps.store.delete(key)
      return 'deleted'
    }
    outcome = 'stored'
  }

  if (deps.deleteFromTwilio) {
    // Only a copy that S3 still holds lets Twilio's go.
    if (!(await deps.store.exists(key))) throw new Error(`recording ${recordingSid} is marked stored but S3 has no ${key}`)
    await twilio.recordings(recordingSid).remove().catch((error: unknown) => {
      if (!isNotFound(error)) throw error
    })
    await db.recording.update({ where: { id: row.id }, data: { deletedFromTwilio: true } })
  }
  return outcome
}

// Who may play a recording (spec: "Access: Signed URLs"): owners and admins every recording of
// their organization; an agent only the recordings of calls they handled. Tenancy itself is the
// scoped client's job; this decides within one organization. Pure.

export interface RecordingMember {
  id: string
  role: 'OWNER' | 'ADMIN' | 'AGENT'
}

/** `agentUserId` of the recording's call (and of its parent leg, for a <Dial> child), null when no member took it. */
export function mayPlayRecording(member: RecordingMember, callAgents: (string | null)[]): boolean {
  if (member.role === 'OWNER' || member.role === 'ADMIN') return true
  return callAgents.includes(member.id)
}

export const mayDeleteRecording = (member: RecordingMember) => member.role === 'OWNER' || member.role === 'ADMIN'

/** Presigned playback and download links live this long (spec: 15 minutes). */
export const PLAYBACK_URL_SECONDS = 15 * 60

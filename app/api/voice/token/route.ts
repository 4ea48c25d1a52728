import { withOrg } from '@/lib/auth/with-org'
import { issueVoiceToken } from '@/lib/softphone/access-token'

// The signed-in member's softphone token, for their own identity only (there is no parameter to
// ask for another). Not a Twilio webhook: it sits under /api/voice/ because it belongs to calling.
export const POST = withOrg({}, async ({ organizationId, user }) => Response.json(await issueVoiceToken(organizationId, user.id), { headers: { 'Cache-Control': 'no-store' } }))

import { decideCallRecording } from '@/lib/recordings/policy'
import { afterHoursPlan, aiPlan, sayVoiceOf, userPlan, voicemailPlan, type InboundPlan, type RoutableUser, type RoutingConditions, type RoutingNumber, type RoutingOrganization } from '@/lib/routing/inbound-route'
import type { DescribeDestination } from './decide-step'
import type { DestinationStep } from './flow-schema'

// A flow's destination step as one of the routing plans the plain routes use, so a menu choice
// rings, queues, records and streams exactly as a number routed there directly would. Pure: the
// organization's users and queues come in as a directory.

export interface FlowDirectory {
  users: ReadonlyMap<string, RoutableUser>
  queues: ReadonlyMap<string, { id: string; name: string }>
}

export function describeDestination(directory: FlowDirectory): DescribeDestination {
  return (step) => {
    switch (step.kind) {
      case 'ai':
        return 'AI receptionist'
      case 'user':
        return `user ${directory.users.get(step.userId)?.name ?? '(removed)'}`
      case 'queue':
        return `queue ${directory.queues.get(step.queueId)?.name ?? '(removed)'}`
      case 'voicemail':
        return 'voicemail'
      case 'message':
        return 'message and hang up'
      case 'number':
        return `outside number ${step.phoneNumber}`
    }
  }
}

/**
 * The plan for a destination. A user or queue deleted since the flow was saved, or the AI while
 * its media server is down, falls back to the number's after-hours mode, as the plain routes do.
 */
export function destinationPlan(step: DestinationStep, number: RoutingNumber, org: RoutingOrganization, directory: FlowDirectory, conditions: RoutingConditions, reason: string): InboundPlan {
  const sayVoice = sayVoiceOf(number, org)
  switch (step.kind) {
    case 'ai':
      if (!conditions.aiAvailable) return afterHoursPlan(number, org, `${reason}; AI receptionist unavailable (media server not ready)`, { aiAvailable: false })
      return aiPlan(number, org, reason)
    case 'user': {
      const user = directory.users.get(step.userId)
      if (!user) return afterHoursPlan(number, org, `${reason}; that user no longer exists`, conditions)
      return userPlan(user, number, org, reason, conditions)
    }
    case 'queue': {
      const queue = directory.queues.get(step.queueId)
      if (!queue) return afterHoursPlan(number, org, `${reason}; that queue no longer exists`, conditions)
      return { kind: 'queue', reason, queueId: queue.id, queueName: queue.name, sayVoice, recording: decideCallRecording(org, number.recordingPolicy) }
    }
    case 'voicemail':
      return voicemailPlan(number, org, reason)
    case 'message':
      return { kind: 'message', reason, message: step.text, sayVoice }
    case 'number':
      return { kind: 'forward', reason, phoneNumber: step.phoneNumber, callerId: number.e164, sayVoice }
  }
}

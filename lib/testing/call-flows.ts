import { flowDefinitionSchema, type FlowDefinition } from '@/lib/call-flows/flow-schema'

/**
 * A two-level menu used by the unit tests: Main (1 sales queue, 2 billing sub-menu, 3 AI, 0
 * voicemail), Billing (1 outside number, 2 message, 9 back to Main).
 */
export function twoLevelFlow(ids: { queueId: string; userId?: string } = { queueId: 'queue-sales' }): FlowDefinition {
  return flowDefinitionSchema.parse({
    entry: { open: 'main', closed: 'closed' },
    steps: {
      main: {
        kind: 'menu',
        name: 'Main',
        prompt: 'For sales press 1 or say sales. For billing press 2. For our assistant press 3.',
        timeoutSeconds: 4,
        retries: 2,
        invalidPrompt: 'That is not an option.',
        options: [
          { digit: '1', keywords: ['sales'], next: 'sales' },
          { digit: '2', keywords: ['billing', 'invoice'], next: 'billing' },
          { digit: '3', keywords: ['assistant'], next: 'assistant' },
          { digit: '0', keywords: ['voicemail', 'leave a message'], next: 'voicemail' },
        ],
        defaultNext: 'voicemail',
      },
      billing: {
        kind: 'menu',
        name: 'Billing',
        prompt: 'To talk to our accountant press 1. For our address press 2. To go back press 9.',
        retries: 0,
        options: [
          { digit: '1', next: 'accountant' },
          { digit: '2', keywords: ['address'], next: 'address' },
          { digit: '9', keywords: ['back'], next: 'main' },
        ],
        defaultNext: 'main',
      },
      sales: { kind: 'queue', queueId: ids.queueId },
      assistant: { kind: 'ai' },
      voicemail: { kind: 'voicemail' },
      accountant: { kind: 'number', phoneNumber: '+14155550177' },
      address: { kind: 'message', text: 'We are at 1 Main Street. Goodbye.' },
      closed: { kind: 'message', text: 'We are closed.' },
      ...(ids.userId && { owner: { kind: 'user', userId: ids.userId } }),
    },
  })
}

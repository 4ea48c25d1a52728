import { describe, expect, it } from 'vitest'
import { twoLevelFlow } from '@/lib/testing/call-flows'
import { chosenOption, decideFlowStep, enterStep, flowEntry, menuPrompts, normalizeSpeech, type FlowInput } from './decide-step'
import { describeDestination, destinationPlan } from './flow-destinations'
import type { MenuStep } from './flow-schema'
import { menuActionUrl, menuTwiml } from './flow-twiml'
import type { RoutingNumber, RoutingOrganization } from '@/lib/routing/inbound-route'

const flow = twoLevelFlow()
const directory = { users: new Map([['u1', { id: 'u1', name: 'Ada', softphoneIdentity: 'client-ada', forwardingNumber: null, availability: 'AVAILABLE' as const, onCall: false }]]), queues: new Map([['queue-sales', { id: 'queue-sales', name: 'Sales' }]]) }
const names = describeDestination(directory)
const digits = (d: string): FlowInput => ({ kind: 'digits', digits: d })
const speech = (text: string): FlowInput => ({ kind: 'speech', text })
const none: FlowInput = { kind: 'none' }
const main = flow.steps.main as MenuStep

describe('decideFlowStep', () => {
  it('a key leads to its option: a destination, or a sub-menu from its first attempt', () => {
    expect(decideFlowStep(flow, 'main', digits('1'), 0, names)).toEqual({ outcome: { kind: 'destination', stepId: 'sales', step: { kind: 'queue', queueId: 'queue-sales' } }, summary: 'menu Main: pressed 1 → queue Sales' })
    const sub = decideFlowStep(flow, 'main', digits('2'), 1, names)
    expect(sub.outcome).toMatchObject({ kind: 'menu', stepId: 'billing', attempt: 0, invalid: false })
    expect(sub.summary).toBe('menu Main: pressed 2 → menu Billing')
    expect(decideFlowStep(flow, 'billing', digits('1'), 0, names).summary).toBe('menu Billing: pressed 1 → outside number +14155550177')
    expect(decideFlowStep(flow, 'billing', digits('9'), 0, names).outcome).toMatchObject({ kind: 'menu', stepId: 'main', attempt: 0 })
  })

  it('speech matches a keyword, a phrase, or the key said as a word, whatever the case and punctuation', () => {
    expect(decideFlowStep(flow, 'main', speech('Billing, please.'), 0, names).outcome).toMatchObject({ kind: 'menu', stepId: 'billing' })
    expect(decideFlowStep(flow, 'main', speech('I want to leave a message.'), 0, names).summary).toBe('menu Main: said “I want to leave a message.” → voicemail')
    expect(decideFlowStep(flow, 'main', speech('Three.'), 0, names).summary).toBe('menu Main: said “Three.” → AI receptionist')
    expect(decideFlowStep(flow, 'main', speech('Option 1'), 0, names).outcome).toMatchObject({ stepId: 'sales' })
    // A keyword inside another word is not said: "wholesales" is not "sales".
    expect(chosenOption(main, speech('Wholesales.'))).toBeUndefined()
    // The longest phrase wins when two options match.
    expect(chosenOption({ ...main, options: [{ digit: '1', keywords: ['bill'], next: 'a' }, { digit: '2', keywords: ['pay a bill'], next: 'b' }] }, speech('I need to pay a bill'))?.digit).toBe('2')
  })

  it('no input and a wrong answer replay the menu with the invalid prompt, counting attempts, then take the default', () => {
    expect(decideFlowStep(flow, 'main', none, 0, names)).toEqual({ outcome: { kind: 'menu', stepId: 'main', menu: main, attempt: 1, invalid: true }, summary: 'menu Main: no input → menu again (2 of 3)' })
    expect(decideFlowStep(flow, 'main', digits('7'), 1, names).summary).toBe('menu Main: pressed 7, not an option → menu again (3 of 3)')
    expect(decideFlowStep(flow, 'main', speech('Bananas.'), 2, names)).toEqual({ outcome: { kind: 'destination', stepId: 'voicemail', step: { kind: 'voicemail' } }, summary: 'menu Main: said “Bananas.”, not an option → default: voicemail' })
    // Billing has no retries: straight to its default, the main menu.
    expect(decideFlowStep(flow, 'billing', none, 0, names)).toMatchObject({ outcome: { kind: 'menu', stepId: 'main', attempt: 0, invalid: false }, summary: 'menu Billing: no input → default: menu Main' })
  })

  it('a step that is gone (a stale URL) or that is not a menu', () => {
    expect(decideFlowStep(flow, 'nope', digits('1'), 0, names).outcome).toEqual({ kind: 'missing', stepId: 'nope' })
    expect(decideFlowStep(flow, 'sales', digits('1'), 0, names).outcome).toMatchObject({ kind: 'destination', stepId: 'sales' })
    expect(enterStep(flow, 'assistant')).toEqual({ kind: 'destination', stepId: 'assistant', step: { kind: 'ai' } })
  })

  it('entries: open, closed, and none when closed without a closed entry', () => {
    expect(flowEntry(flow, true)).toBe('main')
    expect(flowEntry(flow, false)).toBe('closed')
    expect(flowEntry({ ...flow, entry: { open: 'main' } }, false)).toBeNull()
  })

  it('normalizes recognizer output', () => {
    expect(normalizeSpeech('  Café—Billing, PLEASE! ')).toBe('cafe billing please')
    expect(menuPrompts(main, true)).toEqual(['That is not an option.', main.prompt])
    expect(menuPrompts({ ...main, invalidPrompt: undefined }, true)[0]).toBe('Sorry, I did not get that.')
  })
})

describe('menu TwiML', () => {
  it('one Gather for keys and speech with hints, the prompt inside, and a Redirect for no input', () => {
    const position = { versionId: 'v1', stepId: 'main', attempt: 1 }
    const action = menuActionUrl('https://phone.example.com', position)
    expect(action).toBe('https://phone.example.com/api/voice/menu?version=v1&step=main&attempt=1')
    const amp = action.replaceAll('&', '&amp;')
    expect(menuTwiml(main, position, true, 'https://phone.example.com')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Gather input="dtmf speech" numDigits="1" timeout="4" speechTimeout="auto" hints="sales, billing, invoice, assistant, voicemail, leave a message" action="${amp}" method="POST">` +
        `<Say voice="Polly.Joanna-Neural">That is not an option.</Say><Say voice="Polly.Joanna-Neural">${main.prompt}</Say></Gather>` +
        `<Redirect method="POST">${amp}</Redirect></Response>`,
    )
  })

  it('a menu offering # takes it as a digit, and one without keywords gives no hints', () => {
    const twiml = menuTwiml({ ...main, options: [{ digit: '#', next: 'voicemail' }] }, { versionId: 'v', stepId: 'main', attempt: 0 }, false, 'https://x.test')
    expect(twiml).toContain('finishOnKey=""')
    expect(twiml).not.toContain('hints=')
  })
})

describe('destinations as routing plans', () => {
  const number: RoutingNumber = { id: 'n1', e164: '+16175550100', routeKind: 'AI', routeUser: null, routeQueue: null, greeting: null, voice: null, afterHoursMode: 'VOICEMAIL', afterHoursMessage: null, recordingPolicy: null, aiSettings: null }
  const org = { id: 'o', name: 'Acme', defaultGreeting: 'Hi', defaultVoice: 'alloy', aiInstructions: '', aiSettings: null, recordingPolicy: 'NONE', recordingDisclosure: '' } satisfies RoutingOrganization
  const up = { aiAvailable: true }

  it('maps each kind onto the plan the plain routes use', () => {
    expect(destinationPlan({ kind: 'queue', queueId: 'queue-sales' }, number, org, directory, up, 'r')).toMatchObject({ kind: 'queue', reason: 'r', queueId: 'queue-sales', queueName: 'Sales' })
    expect(destinationPlan({ kind: 'user', userId: 'u1' }, number, org, directory, up, 'r')).toMatchObject({ kind: 'user', clientIdentity: 'client-ada', callerId: '+16175550100' })
    expect(destinationPlan({ kind: 'ai' }, number, org, directory, up, 'r')).toMatchObject({ kind: 'ai', greeting: 'Hi', recording: { disclosure: null } })
    expect(destinationPlan({ kind: 'number', phoneNumber: '+14155550177' }, number, org, directory, up, 'r')).toMatchObject({ kind: 'forward', reason: 'r', phoneNumber: '+14155550177', callerId: '+16175550100' })
    expect(destinationPlan({ kind: 'message', text: 'Bye' }, number, org, directory, up, 'r')).toMatchObject({ kind: 'message', reason: 'r', message: 'Bye' })
    expect(destinationPlan({ kind: 'voicemail' }, number, org, directory, up, 'r')).toMatchObject({ kind: 'voicemail' })
  })

  it('a removed queue or user, or the AI while its media server is down, falls back to the after-hours mode', () => {
    expect(destinationPlan({ kind: 'queue', queueId: 'gone' }, number, org, directory, up, 'menu Main: pressed 1')).toMatchObject({ kind: 'voicemail', reason: 'menu Main: pressed 1; that queue no longer exists → voicemail' })
    expect(destinationPlan({ kind: 'user', userId: 'gone' }, number, org, directory, up, 'r').kind).toBe('voicemail')
    expect(destinationPlan({ kind: 'ai' }, number, org, directory, { aiAvailable: false }, 'r')).toMatchObject({ kind: 'voicemail', reason: 'r; AI receptionist unavailable (media server not ready) → voicemail' })
    expect(names({ kind: 'queue', queueId: 'gone' })).toBe('queue (removed)')
  })
})

import { describe, expect, it } from 'vitest'
import { checkDialTarget } from './dial-rules'
import { bridgeLegParams, checkTransferTarget, decideLegEvent, holdParams, refuseControl, type BridgeState, type TargetFacts } from './bridge-plan'

// The bridged call's decisions without I/O: what each leg's progress means, what the agent may
// do in each state, and which transfer targets are refused with which status.

const bridge = (overrides: Partial<BridgeState> = {}): BridgeState => ({ customerCallSid: 'CAcustomer', agentCallSid: null, targetCallSid: null, transferMode: null, customerWaiting: false, ...overrides })

describe('decideLegEvent', () => {
  it('the first leg to answer claims the call; a later answer is dropped; the agent’s own events change nothing', () => {
    expect(decideLegEvent(bridge(), 'CAa', 'IN_PROGRESS')).toEqual({ kind: 'claim' })
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa' }), 'CAb', 'IN_PROGRESS')).toEqual({ kind: 'drop' })
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa' }), 'CAa', 'IN_PROGRESS')).toEqual({ kind: 'none' })
    expect(decideLegEvent(bridge(), 'CAa', 'RINGING')).toEqual({ kind: 'none' })
  })

  it('a ringing leg ending unanswered matters only while nobody has answered', () => {
    for (const status of ['NO_ANSWER', 'BUSY', 'FAILED', 'CANCELED', 'COMPLETED'] as const) expect(decideLegEvent(bridge(), 'CAa', status)).toEqual({ kind: 'unanswered' })
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa' }), 'CAb', 'NO_ANSWER')).toEqual({ kind: 'none' })
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa' }), 'CAa', 'COMPLETED')).toEqual({ kind: 'none' })
  })

  it('a transfer target: answering connects a cold transfer (a warm one consults first); ending clears it', () => {
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa', targetCallSid: 'CAt', transferMode: 'cold' }), 'CAt', 'IN_PROGRESS')).toEqual({ kind: 'cold-answered' })
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa', targetCallSid: 'CAt', transferMode: 'warm' }), 'CAt', 'IN_PROGRESS')).toEqual({ kind: 'none' })
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa', targetCallSid: 'CAt', transferMode: 'warm' }), 'CAt', 'NO_ANSWER')).toEqual({ kind: 'target-gone' })
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa', targetCallSid: 'CAt', transferMode: 'cold' }), 'CAt', 'BUSY')).toEqual({ kind: 'target-gone' })
  })

  it('the number a softphone called is the customer: its end ends the softphone’s call, its answer changes nothing', () => {
    const outgoing = bridge({ customerCallSid: 'CAn', agentCallSid: 'CAsoftphone' })
    expect(decideLegEvent(outgoing, 'CAn', 'IN_PROGRESS')).toEqual({ kind: 'none' })
    expect(decideLegEvent(outgoing, 'CAn', 'NO_ANSWER')).toEqual({ kind: 'customer-gone' })
    expect(decideLegEvent(outgoing, 'CAn', 'COMPLETED')).toEqual({ kind: 'customer-gone' })
  })

  it('the first agent leaving during a warm transfer hands the caller over; during a cold one it is expected', () => {
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa', targetCallSid: 'CAt', transferMode: 'warm' }), 'CAa', 'COMPLETED')).toEqual({ kind: 'agent-left-consult' })
    expect(decideLegEvent(bridge({ agentCallSid: 'CAa', targetCallSid: 'CAt', transferMode: 'cold' }), 'CAa', 'COMPLETED')).toEqual({ kind: 'none' })
  })
})

describe('refuseControl', () => {
  it('nothing while a queued caller is still being brought in', () => {
    for (const control of ['hold', 'transfer', 'complete', 'cancel'] as const) expect(refuseControl(bridge({ customerWaiting: true, agentCallSid: 'CAa' }), control)).toMatch(/still being connected/)
  })

  it('one transfer at a time; complete only a warm transfer with a target; cancel only a warm transfer', () => {
    const talking = bridge({ agentCallSid: 'CAa' })
    expect(refuseControl(talking, 'hold')).toBeNull()
    expect(refuseControl(talking, 'transfer')).toBeNull()
    expect(refuseControl(talking, 'complete')).toMatch(/no warm transfer/)
    expect(refuseControl(talking, 'cancel')).toMatch(/no warm transfer/)
    const warm = bridge({ agentCallSid: 'CAa', targetCallSid: 'CAt', transferMode: 'warm' })
    expect(refuseControl(warm, 'transfer')).toMatch(/already in progress/)
    expect(refuseControl(warm, 'complete')).toBeNull()
    expect(refuseControl(warm, 'cancel')).toBeNull()
    expect(refuseControl(bridge({ agentCallSid: 'CAa', transferMode: 'warm' }), 'complete')).toMatch(/no warm transfer/)
    expect(refuseControl(bridge({ agentCallSid: 'CAa', targetCallSid: 'CAt', transferMode: 'cold' }), 'cancel')).toMatch(/no warm transfer/)
  })
})

describe('checkTransferTarget', () => {
  const facts = (overrides: Partial<TargetFacts> = {}): TargetFacts => ({ mode: 'cold', userId: 'u1', agent: null, queue: null, number: null, ...overrides })
  const bea = { id: 'u2', name: 'Bea', softphoneIdentity: 'bea-1', availability: 'AVAILABLE', onCall: false }

  it('an available colleague is dialled on their softphone; yourself, a stranger and a busy colleague are refused', () => {
    expect(checkTransferTarget({ type: 'agent', userId: 'u2' }, facts({ agent: bea }))).toEqual({ ok: true, destination: { kind: 'agent', userId: 'u2', name: 'Bea', to: 'client:bea-1' } })
    expect(checkTransferTarget({ type: 'agent', userId: 'u1' }, facts({ agent: { ...bea, id: 'u1' } }))).toMatchObject({ ok: false, status: 400 })
    expect(checkTransferTarget({ type: 'agent', userId: 'u9' }, facts())).toMatchObject({ ok: false, status: 404 })
    expect(checkTransferTarget({ type: 'agent', userId: 'u2' }, facts({ agent: { ...bea, availability: 'BUSY' } }))).toEqual({ ok: false, status: 409, message: 'Bea is not available right now.' })
    expect(checkTransferTarget({ type: 'agent', userId: 'u2' }, facts({ agent: { ...bea, onCall: true } }))).toMatchObject({ ok: false, status: 409 })
  })

  it('a queue takes only a cold transfer, and must be the organization’s', () => {
    const queue = { id: 'q1', name: 'Support' }
    expect(checkTransferTarget({ type: 'queue', queueId: 'q1' }, facts({ queue }))).toEqual({ ok: true, destination: { kind: 'queue', queueId: 'q1', name: 'Support' } })
    expect(checkTransferTarget({ type: 'queue', queueId: 'q1' }, facts({ queue, mode: 'warm' }))).toMatchObject({ ok: false, status: 400 })
    expect(checkTransferTarget({ type: 'queue', queueId: 'q9' }, facts())).toMatchObject({ ok: false, status: 404 })
  })

  it('a number passes the softphone’s dial rules; a softphone identity is not a number', () => {
    const us = ['US']
    expect(checkTransferTarget({ type: 'number', number: '+1 415 555 0188' }, facts({ number: checkDialTarget('+1 415 555 0188', us) }))).toEqual({ ok: true, destination: { kind: 'number', to: '+14155550188' } })
    expect(checkTransferTarget({ type: 'number', number: '911' }, facts({ number: checkDialTarget('911', us) }))).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/Emergency/) })
    expect(checkTransferTarget({ type: 'number', number: '+447700900123' }, facts({ number: checkDialTarget('+447700900123', us) }))).toMatchObject({ ok: false, status: 400 })
    expect(checkTransferTarget({ type: 'number', number: 'client:bea-1' }, facts({ number: checkDialTarget('client:bea-1', us) }))).toMatchObject({ ok: false, status: 400 })
  })
})

describe('participant parameters', () => {
  it('a leg rings 30 s without a beep, starts the conference, and ends it unless it is a warm transfer’s consult', () => {
    expect(bridgeLegParams('bridge-CA1', { to: 'client:ada', from: '+16175550100' }, 'https://phone.example.com')).toEqual({
      to: 'client:ada',
      from: '+16175550100',
      timeout: 30,
      beep: 'false',
      startConferenceOnEnter: true,
      endConferenceOnExit: true,
      statusCallback: 'https://phone.example.com/api/voice/bridge-leg?conference=bridge-CA1',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    })
    expect(bridgeLegParams('bridge-CA1', { to: '+14155550188', from: '+16175550100', endsCall: false }, 'https://phone.example.com').endConferenceOnExit).toBe(false)
  })

  it('a softphone gets the caller’s and the called number as custom parameters on its address; a phone number is dialled as it is', () => {
    const numbers = { calledNumber: '+16175550100', callerNumber: '+14155550142' }
    expect(bridgeLegParams('bridge-CA1', { to: 'client:ada', from: '+16175550100', numbers }, 'https://phone.example.com').to).toBe('client:ada?calledNumber=%2B16175550100&callerNumber=%2B14155550142')
    expect(bridgeLegParams('bridge-CA1', { to: '+14155550188', from: '+16175550100', numbers }, 'https://phone.example.com').to).toBe('+14155550188')
  })

  it('hold names our hold music TwiML (POST); unhold only lifts it', () => {
    expect(holdParams(true, 'https://phone.example.com')).toEqual({ hold: true, holdUrl: 'https://phone.example.com/api/voice/hold-music', holdMethod: 'POST' })
    expect(holdParams(false, 'https://phone.example.com')).toEqual({ hold: false })
  })
})

/**
 * The receptionist's tools end to end: the stand-in's model calls a function, the media server
 * runs it through the app's real internal route (on the test database), and the answer goes back
 * to the model; a hang-up waits for the goodbye to be heard.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '../lib/db/client'
import { demoBehavior, type ResponseContext, type ResponseRequest } from '../sandbox/realtime/index'
import { TEST_ACCOUNT_SID } from './testing/accounts'
import { callerQuestion } from './testing/caller-speech'
import { callSession, startHarness, streamToken, waitUntil, type Harness } from './testing/harness'
import { TwilioPeer } from './testing/twilio-peer'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(() => harness.close())

const clientEvents = (type: string) => (harness.standIn.sessions()[0]?.events ?? []).filter((event) => event.direction === 'client' && event.type === type)

/** A call the app knows (its log row, as /api/voice/incoming leaves it), streaming to the media server. */
async function knownCall(callerFrame?: (index: number) => Uint8Array) {
  const organization = await prisma().organization.findUniqueOrThrow({ where: { twilioAccountSid: TEST_ACCOUNT_SID } })
  const session = callSession({ organizationId: organization.id })
  const log = await prisma().callLog.create({ data: { organizationId: organization.id, callSid: session.callSid, direction: 'INBOUND', fromNumber: '+14155550199', toNumber: '+16175550100', status: 'IN_PROGRESS', handledBy: 'AI' } })
  const peer = await TwilioPeer.connect({ url: harness.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) }, callerFrame })
  return { session, log, peer }
}

const toolEvents = (callLogId: string) => prisma().callEvent.findMany({ where: { callLogId, type: 'tool' }, orderBy: { receivedAt: 'asc' } })

describe('receptionist tools', () => {
  it('offers the tools with what the app knows of the call, and answers a tool call from the app', async () => {
    harness.standIn.setBehavior({
      ...demoBehavior,
      onResponse(ctx: ResponseContext, request: ResponseRequest) {
        if (request.conversation.at(-1)?.type === 'function_call_output') return ctx.say({ clip: 'reply-noted' })
        if (request.trigger === 'turn_detected') return ctx.callFunction('business_hours', {})
        return demoBehavior.onResponse!(ctx, request)
      },
    })
    const { log, peer } = await knownCall(callerQuestion(150))
    await waitUntil(() => clientEvents('session.update').length > 0, 5000, 'the session configuration')
    const update = clientEvents('session.update')[0]!.event as { session: { instructions: string; tools: Array<{ name: string }>; tool_choice: string } }
    // The test organization has no queue: there is nobody to transfer to, so no transfer_call.
    expect(update.session.tools.map((tool) => tool.name)).toEqual(['business_hours', 'take_message', 'end_call'])
    expect(update.session.tool_choice).toBe('auto')
    expect(update.session.instructions).toContain('This is the first call from this number.')

    await waitUntil(() => clientEvents('conversation.item.create').length > 0, 15_000, 'the tool output')
    const output = clientEvents('conversation.item.create')[0]!.event as { item: { type: string; output: string } }
    expect(output.item.type).toBe('function_call_output')
    expect(JSON.parse(output.item.output)).toEqual({ ok: true, result: { open: true, description: 'No business hours are set: the business takes calls at any time.' } })
    // The model was asked to answer with it.
    await waitUntil(() => clientEvents('response.create').length === 2, 2000, 'a response to the tool output')
    expect((await toolEvents(log.id)).map((event) => (event.payload as { name: string }).name)).toEqual(['business_hours'])
    peer.stop()
    await peer.closed
  })

  it('runs end_call only once the goodbye before it has been played to the caller', async () => {
    harness.standIn.setBehavior({
      onResponse(ctx: ResponseContext, request: ResponseRequest) {
        if (request.conversation.at(-1)?.type === 'function_call_output') return ctx.say({ clip: 'reply-noted' })
        // The greeting, then the goodbye's function call in the same response.
        ctx.say({ clip: 'greeting' })
        ctx.callFunction('end_call', {})
      },
    })
    const { log, peer } = await knownCall()
    await waitUntil(() => harness.logLines.some((line) => line.includes('"msg":"tool result"')), 15_000, 'the end_call tool to run')
    const [event] = await toolEvents(log.id)
    expect((event!.payload as { name: string }).name).toBe('end_call')
    // Everything sent before the tool ran had been played (its marks echoed) when the app got it.
    const sentBeforeTool = peer.received.filter((media) => media.atMs <= event!.receivedAt.getTime()).length
    expect(sentBeforeTool).toBeGreaterThan(10)
    expect(peer.markEchoTimes.length).toBeGreaterThanOrEqual(sentBeforeTool)
    expect(peer.markEchoTimes[sentBeforeTool - 1]!).toBeLessThanOrEqual(event!.receivedAt.getTime())
    peer.stop()
    await peer.closed
  })
})

describe('the call report', () => {
  it('gives the app the transcript, the token usage and each answer’s latency, the last report when the call ends', async () => {
    const { log, peer } = await knownCall(callerQuestion(150))
    // The greeting, the caller's question, and the answer to it.
    await waitUntil(() => (harness.standIn.sessions()[0]?.events ?? []).filter((event) => event.type === 'response.done').length >= 2, 20_000, 'the answer')
    await waitUntil(() => peer.marksEchoed.length === peer.received.length && peer.received.length > 0, 10_000, 'the answer to be heard')
    peer.stop()
    await peer.closed
    await waitUntil(() => harness.server.activeCalls() === 0, 10_000, 'the call, and its last report')
    const turns = await prisma().callTranscriptTurn.findMany({ where: { callLogId: log.id }, orderBy: { position: 'asc' } })
    // The caller spoke 3 s into the greeting: it is kept as far as it was heard.
    expect(turns[0]).toMatchObject({ speaker: 'ASSISTANT', interrupted: true, text: expect.stringMatching(/^Hello, thanks for calling\..*…$/) })
    expect(turns.slice(1).map((turn) => `${turn.speaker}: ${turn.text}`)).toEqual([
      'CALLER: Hi, I would like to book an appointment for next week, please.',
      'ASSISTANT: Sure, I can help with that. Could you tell me a little more?',
    ])
    const row = await prisma().callLog.findUniqueOrThrow({ where: { id: log.id } })
    expect(row.aiInputTokens).toBeGreaterThan(0)
    expect(row.aiOutputTokens).toBeGreaterThan(0)
    // One answer followed the caller's end of speech (the greeting followed none).
    expect(row.aiTurnLatenciesMs).toHaveLength(1)
    const usage = await prisma().usageRecord.findFirstOrThrow({ where: { callLogId: log.id, category: 'AI_REALTIME' } })
    expect(Number(usage.costUsd)).toBeGreaterThan(0)
  })
})

/** <Say>, <Play> and <Pause>: audio the caller hears, taking its real length on the clock. */
import { dtmfSequence, holdMusic, silence } from '../../audio/tones'
import { synthesizeSpeech } from '../../audio/speech'
import { wavToTelephonyMono } from '../../audio/wav'
import type { CallSession } from '../call-session'
import { intAttr, resolveUrl, type TwimlNode } from '../twiml'
import { CONTINUE, type VerbContext, type VerbOutcome } from './types'

/** Twilio treats loop="0" as "repeat until the call ends"; the sandbox caps it. */
const ENDLESS_LOOP = 1000

export function loopCount(node: TwimlNode): number {
  const loop = intAttr(node, 'loop', 1)
  return loop <= 0 ? ENDLESS_LOOP : loop
}

/** The audio one <Say>, <Play> or <Pause> produces (once, before looping). */
export async function verbAudio(session: CallSession, node: TwimlNode, documentUrl: string): Promise<Int16Array> {
  if (node.name === 'Pause') return silence(intAttr(node, 'length', 1) * 1000)
  if (node.name === 'Say') {
    const speech = await session.ctx.busy(synthesizeSpeech(node.text, { voice: node.attrs.voice, language: node.attrs.language }))
    session.ctx.log.add(session.sid, 'audio', `say "${node.text}" (${speech.engine})`, { text: node.text, engine: speech.engine, ms: (speech.samples.length / 8) | 0 })
    return speech.samples
  }
  if (node.attrs.digits) return dtmfSequence(node.attrs.digits)
  return fetchPlayAudio(session, resolveUrl(node.text, documentUrl))
}

/**
 * <Play> fetches the media URL. The sandbox decodes WAV; anything else (e.g. MP3, which it has
 * no decoder for) plays as a hold-music placeholder so timing stays plausible, with an error
 * event (Twilio's 13227-style "cannot play" is only raised for unreachable URLs, as 11200).
 */
async function fetchPlayAudio(session: CallSession, url: string): Promise<Int16Array> {
  try {
    const response = await session.ctx.busy(session.ctx.fetch(url, { signal: AbortSignal.timeout(session.ctx.webhookTimeoutMs) }))
    const body = Buffer.from(await session.ctx.busy(response.arrayBuffer()))
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    session.ctx.log.add(session.sid, 'audio', `play ${url}`, { url, bytes: body.length })
    return wavToTelephonyMono(body)
  } catch (error) {
    session.ctx.log.add(session.sid, 'error', `11200 play ${url}: ${(error as Error).message}`, { code: 11200, url })
    return holdMusic()
  }
}

export async function playVerb({ session, node, documentUrl, signal }: VerbContext): Promise<VerbOutcome> {
  const audio = await verbAudio(session, node, documentUrl)
  const times = node.name === 'Pause' ? 1 : loopCount(node)
  for (let i = 0; i < times; i++) await session.play(audio, signal)
  return CONTINUE
}

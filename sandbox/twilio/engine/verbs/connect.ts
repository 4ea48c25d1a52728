/**
 * <Connect><Stream url="wss://…"> with <Parameter name value> children: a bidirectional Media
 * Stream for as long as the WebSocket stays open. When the server closes it, Twilio requests the
 * Connect `action` URL if there is one, else continues with the next verb
 * (https://www.twilio.com/docs/voice/twiml/connect). If the socket cannot be opened the error is
 * reported (31920, "Stream - WebSocket - Handshake Error") and the call moves on the same way.
 */
import type { AudioSegment } from '../../audio/track'
import { MediaStreamConnection } from '../media-stream'
import { notifyError } from '../notifications'
import { methodAttr, resolveUrl } from '../twiml'
import { CONTINUE, type VerbContext, type VerbOutcome } from './types'

export async function connectVerb({ session, node, documentUrl, signal }: VerbContext): Promise<VerbOutcome> {
  const streamNode = node.children.find((c) => c.name === 'Stream')
  if (streamNode) await runStream({ session, node: streamNode, documentUrl, signal })
  if (!node.attrs.action) return CONTINUE
  return { next: 'document', source: { url: resolveUrl(node.attrs.action, documentUrl), method: methodAttr(node) }, params: {}, purpose: 'action' }
}

async function runStream({ session, node, signal }: VerbContext): Promise<void> {
  const url = node.attrs.url ?? ''
  const account = session.ctx.store.accounts.get(session.record.accountSid)
  const customParameters = Object.fromEntries(node.children.filter((c) => c.name === 'Parameter').map((p) => [p.attrs.name ?? '', p.attrs.value ?? '']))
  let connection: MediaStreamConnection
  try {
    connection = await session.ctx.busy(
      MediaStreamConnection.open({
        url,
        accountSid: session.record.accountSid,
        callSid: session.sid,
        authToken: account?.authToken ?? '',
        customParameters,
        clock: session.ctx.mediaClock,
        onPlayback: (samples) => session.party.hear(samples, session.ctx.clock.now()),
        log: (summary, detail) => session.ctx.log.add(session.sid, 'stream', summary, detail ?? {}),
      }),
    )
  } catch (error) {
    notifyError(session, 31920, `Stream - WebSocket - Handshake Error: ${(error as Error).message}`, url)
    return
  }
  const onSpeech = (segment: AudioSegment) => connection.sendCallerAudio(segment.samples)
  session.party.on('speech', onSpeech)
  const stopDigits = session.onDigit((digit) => connection.sendDtmf(digit))
  try {
    await session.waitFor<true>(Infinity, signal, (done) => (connection.closed.then(() => done(true)), () => {}))
    session.ctx.log.add(session.sid, 'stream', `stream ${connection.streamSid} closed by the server`, { ...connection.stats })
  } finally {
    connection.stop()
    session.party.off('speech', onSpeech)
    stopDigits()
  }
}

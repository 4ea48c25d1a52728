/**
 * <Gather input="dtmf"> (https://www.twilio.com/docs/voice/twiml/gather): nested Say/Play/Pause
 * prompts play until the first key press; then each digit must come within `timeout` seconds
 * (default 5). Input ends at `numDigits`, at `finishOnKey` (default #, not included in Digits)
 * or on timeout. With digits, Twilio requests `action` (default: the current document URL) with
 * Digits and FinishedOnKey; with none it falls through to the next verb unless
 * actionOnEmptyResult="true". Speech input is not simulated: the sandbox gathers DTMF only.
 */
import { DigitQueue } from '../digits'
import { boolAttr, intAttr, methodAttr, resolveUrl } from '../twiml'
import { verbAudio } from './media'
import { CONTINUE, type VerbContext, type VerbOutcome } from './types'

export async function gatherVerb({ session, node, documentUrl, signal }: VerbContext): Promise<VerbOutcome> {
  const timeoutMs = intAttr(node, 'timeout', 5) * 1000
  const numDigits = intAttr(node, 'numDigits', Infinity)
  const finishOnKey = node.attrs.finishOnKey ?? '#'
  const digits = new DigitQueue(session)
  try {
    for (const prompt of node.children) {
      const audio = await verbAudio(session, prompt, documentUrl)
      const loops = prompt.name === 'Pause' ? 1 : Math.max(1, intAttr(prompt, 'loop', 1))
      let interrupted = false
      for (let i = 0; i < loops && !interrupted; i++) interrupted = await session.play(audio, signal, digits)
      if (interrupted) break
    }
    let collected = ''
    let finishedOnKey = ''
    while (collected.length < numDigits) {
      if (!(await digits.wait(timeoutMs, signal))) break
      const digit = digits.take() as string
      if (finishOnKey !== '' && digit === finishOnKey) {
        finishedOnKey = digit
        break
      }
      collected += digit
    }
    session.ctx.log.add(session.sid, 'dtmf', `gathered "${collected}"${finishedOnKey ? ` (ended by ${finishedOnKey})` : ''}`, { digits: collected, finishedOnKey })
    if (collected === '' && !boolAttr(node, 'actionOnEmptyResult', false)) return CONTINUE
    return {
      next: 'document',
      source: { url: resolveUrl(node.attrs.action ?? documentUrl, documentUrl), method: methodAttr(node) },
      params: { Digits: collected, FinishedOnKey: finishedOnKey },
      purpose: 'action',
    }
  } finally {
    digits.close()
  }
}

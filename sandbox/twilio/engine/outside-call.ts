/**
 * Ringing a number outside the sandbox (an outbound API call's callee, a <Dial><Number>): the
 * leg goes initiated → ringing, then behaves as the number is configured — answers after its
 * ring time, stays ringing until the caller's timeout (no-answer), is busy, or fails.
 */
import { synthesizeSpeech } from '../audio/speech'
import type { CallSession } from './call-session'
import type { SimulatedPhone } from './party'

export type RingResult = 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled'

/**
 * Rings `leg` for up to `timeoutMs`. `cancel` aborts the attempt (the caller hung up or another
 * leg answered), leaving the leg canceled.
 */
export async function ringOutsideNumber(leg: CallSession, phone: SimulatedPhone, timeoutMs: number, cancel: AbortSignal): Promise<RingResult> {
  const config = leg.ctx.outsideNumbers.get(leg.record.to)
  leg.setStatus('initiated')
  if (config.behavior === 'fail') return end(leg, 'failed')
  if (config.behavior === 'busy') return end(leg, 'busy')
  leg.setStatus('ringing')
  const answerAfterMs = config.behavior === 'answer' ? config.ringSeconds * 1000 : Infinity
  const answers = answerAfterMs < timeoutMs
  try {
    await leg.waitFor<never>(answers ? answerAfterMs : timeoutMs, cancel, () => () => {})
  } catch {
    return end(leg, 'canceled')
  }
  if (leg.isEnded) return leg.record.status as RingResult
  if (!answers) return end(leg, 'no-answer')
  leg.setStatus('in-progress')
  if (config.greeting) {
    const greeting = await leg.ctx.busy(synthesizeSpeech(config.greeting))
    phone.speak(greeting.samples, config.greeting)
  }
  return 'answered'
}

function end(leg: CallSession, status: Exclude<RingResult, 'answered'>): RingResult {
  leg.setStatus(status)
  return status
}

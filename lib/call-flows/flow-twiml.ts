import { DEFAULT_SAY_VOICE } from '@/lib/numbers/voices'
import { VoiceResponse } from '@/lib/telephony/twiml'
import { menuPrompts } from './decide-step'
import type { MenuStep } from './flow-schema'

// A menu as TwiML (https://www.twilio.com/docs/voice/twiml/gather): one <Gather> taking a key or
// speech, its prompt nested so a key press or the caller's voice cuts it short, the options'
// keywords as recognizer hints. The action URL carries the flow version, the step and the attempt,
// so the answer is decided on the version the call started with. A caller who gives no input falls
// through the Gather to a <Redirect> to the same URL, which arrives without Digits or SpeechResult.

export interface MenuPosition {
  versionId: string
  stepId: string
  attempt: number
}

export function menuActionUrl(publicUrl: string, position: MenuPosition): string {
  const query = new URLSearchParams({ version: position.versionId, step: position.stepId, attempt: String(position.attempt) })
  return `${publicUrl}/api/voice/menu?${query}`
}

export function menuHints(menu: MenuStep): string | undefined {
  const keywords = [...new Set(menu.options.flatMap((option) => option.keywords ?? []))]
  return keywords.length ? keywords.join(', ') : undefined
}

export function menuTwiml(menu: MenuStep, position: MenuPosition, invalid: boolean, publicUrl: string): string {
  const action = menuActionUrl(publicUrl, position)
  const response = new VoiceResponse()
  const hints = menuHints(menu)
  const gather = response.gather({
    input: ['dtmf', 'speech'],
    numDigits: 1,
    timeout: menu.timeoutSeconds,
    // The caller's answer is a word or two: end recognition at their first pause.
    speechTimeout: 'auto',
    // '#' ends a Gather by default; a menu that offers it as an option must receive it as a digit.
    ...(menu.options.some((option) => option.digit === '#') && { finishOnKey: '' }),
    ...(hints && { hints }),
    action,
    method: 'POST',
  })
  for (const prompt of menuPrompts(menu, invalid)) gather.say({ voice: DEFAULT_SAY_VOICE }, prompt)
  response.redirect({ method: 'POST' }, action)
  return response.toString()
}

/**
 * A call's time in a conference, whichever way it came (<Dial><Conference> or the Participants
 * API): it joins, hears the wait audio until the conference starts and the hold audio while on
 * hold, and stays until it leaves — the conference ends, it is kicked, '*' with hangupOnStar,
 * the Dial's timeLimit, or its run is interrupted (hang-up, redirect), which leaves too.
 */
import { CallInterrupt, type CallSession } from '../call-session'
import { loopBackground, type Background } from './audio'
import type { ConferenceCallbackConfig } from './events'
import type { Participant } from './room'

export interface AttendOptions {
  timeLimitMs: number
  hangupOnStar: boolean
  /** The conference status callback this participant sets (used if it is the first to set one). */
  callback: ConferenceCallbackConfig | null
  signal: AbortSignal
}

export type AttendResult = { joined: false } | { joined: true; bridged: boolean }

/** A hang-up while in the conference carries whether the participant was ever bridged. */
export type ConferenceInterrupt = CallInterrupt & { conference?: { bridged: boolean } }

export async function attend(participant: Participant, options: AttendOptions): Promise<AttendResult> {
  const { session, conference } = participant
  if (!conference.join(participant, options.callback)) return { joined: false }
  const deadline = session.ctx.clock.now() + options.timeLimitMs
  let bridged = conference.started
  const background = new BackgroundPlayer(session, options.signal)
  try {
    while (!participant.left) {
      background.play(participant.background)
      bridged ||= conference.started
      const remaining = deadline - session.ctx.clock.now()
      if (remaining <= 0) break
      const outcome = await session.waitFor<'changed' | 'star'>(remaining, options.signal, (done) => {
        const stopWatching = conference.onChange(() => done('changed'))
        const stopDigits = options.hangupOnStar ? session.onDigit((digit) => digit === '*' && done('star')) : () => {}
        return () => {
          stopWatching()
          stopDigits()
        }
      })
      if (outcome !== 'changed') break
    }
  } catch (interrupt) {
    if (interrupt instanceof CallInterrupt) Object.assign(interrupt, { conference: { bridged: bridged || conference.started } })
    throw interrupt
  } finally {
    background.play(null)
    conference.leave(participant, 'left')
  }
  return { joined: true, bridged }
}

/** Keeps one background going, restarting it only when what should play changes. */
class BackgroundPlayer {
  private key = ''
  private stop = () => {}

  constructor(
    private readonly session: CallSession,
    private readonly signal: AbortSignal,
  ) {}

  play(wanted: { audio: Background; purpose: 'hold-url' | 'wait-url' } | null): void {
    const key = wanted ? `${wanted.purpose} ${typeof wanted.audio === 'string' ? wanted.audio : wanted.audio.url}` : ''
    if (key === this.key) return
    this.stop()
    this.key = key
    this.stop = () => {}
    if (!wanted) return
    const controller = new AbortController()
    void loopBackground(this.session, wanted.audio, wanted.purpose, AbortSignal.any([this.signal, controller.signal])).catch(() => {})
    this.stop = () => controller.abort()
  }
}

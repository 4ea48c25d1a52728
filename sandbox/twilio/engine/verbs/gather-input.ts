/**
 * What a <Gather> hears, in arrival order: the caller's key presses and what they say. Which kinds
 * count depends on `input` (https://www.twilio.com/docs/voice/twiml/gather#input): keys are not
 * even noticed under input="speech", nor speech under input="dtmf".
 */
import type { AudioSegment } from '../../audio/track'
import type { CallSession, PlaybackInterrupter } from '../call-session'

export type GatherEvent = { kind: 'digit'; digit: string } | { kind: 'speech'; segment: AudioSegment }

export class GatherInput implements PlaybackInterrupter {
  private readonly queue: GatherEvent[] = []
  private readonly listeners = new Set<() => void>()
  private readonly unsubscribe: (() => void)[] = []

  constructor(
    private readonly session: CallSession,
    readonly accepts: { dtmf: boolean; speech: boolean },
  ) {
    this.unsubscribe.push(
      session.onDigit((digit) => {
        if (!accepts.dtmf) return session.ctx.log.add(session.sid, 'dtmf', `ignored ${digit}: <Gather input="speech"> listens for speech only`, { digit })
        this.push({ kind: 'digit', digit })
      }),
    )
    if (accepts.speech) {
      const onSpeech = (segment: AudioSegment) => this.push({ kind: 'speech', segment })
      session.party.on('speech', onSpeech)
      this.unsubscribe.push(() => session.party.off('speech', onSpeech))
    }
  }

  private push(event: GatherEvent) {
    this.queue.push(event)
    for (const listener of [...this.listeners]) listener()
  }

  take(): GatherEvent | undefined {
    return this.queue.shift()
  }

  /** Resolves true as soon as input is buffered, false after `ms` (clock time) without any. */
  async wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.queue.length > 0) return true
    const arrived = await this.session.waitFor<true>(ms, signal, (done) => {
      const listener = () => done(true)
      this.listeners.add(listener)
      return () => this.listeners.delete(listener)
    })
    return arrived === true
  }

  close(): void {
    for (const stop of this.unsubscribe) stop()
  }
}

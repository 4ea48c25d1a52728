/**
 * What the app keeps of an AI call, sent by the media server while the call goes on and when it
 * ends: the transcript as the caller experienced it, the Realtime token usage (for its cost), and
 * each turn's latency from the caller's end of speech to the first assistant audio sent to Twilio.
 *
 * Each report is the whole state so far with a rising sequence number, so the app keeps the newest
 * and a repeated, late or lost report loses nothing: the next one carries it all. Reports leave at
 * most every `intervalMs` while something changed, and once more at the end (retried).
 */
import type { Turn } from './conversation-memory'

/** Token counts as `response.done.response.usage` details them, summed over the call. */
export interface TokenUsage {
  inputTextTokens: number
  inputAudioTokens: number
  cachedTextTokens: number
  cachedAudioTokens: number
  outputTextTokens: number
  outputAudioTokens: number
  /** Input transcription (`conversation.item.input_audio_transcription.completed` usage). */
  transcriptionInputTokens: number
  transcriptionOutputTokens: number
}

export const noUsage = (): TokenUsage => ({
  inputTextTokens: 0,
  inputAudioTokens: 0,
  cachedTextTokens: 0,
  cachedAudioTokens: 0,
  outputTextTokens: 0,
  outputAudioTokens: 0,
  transcriptionInputTokens: 0,
  transcriptionOutputTokens: 0,
})

export interface CallReport {
  sequence: number
  final: boolean
  turns: Array<Turn & { startedAt: string }>
  usage: TokenUsage
  turnLatenciesMs: number[]
}

export type SendReport = (callSid: string, report: CallReport) => Promise<boolean>

/** The app takes turns of up to this many characters (lib/receptionist/call-report.ts). */
export const TURN_TEXT_LIMIT = 4000

export interface ReporterOptions {
  send: SendReport
  intervalMs?: number
  /** Attempts of the final report, with this pause between them. */
  finalAttempts?: number
  retryDelayMs?: number
}

export class CallReporter {
  private sequence = 0
  private dirty = false
  private timer?: NodeJS.Timeout
  private inFlight?: Promise<unknown>
  private closed = false

  constructor(
    private readonly callSid: string,
    private readonly snapshot: () => Omit<CallReport, 'sequence' | 'final'>,
    private readonly options: ReporterOptions,
  ) {}

  /** Something changed: a report leaves within the interval. */
  changed(): void {
    if (this.closed) return
    this.dirty = true
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      if (this.dirty && !this.closed) this.inFlight = this.sendNow(false)
    }, this.options.intervalMs ?? 2000)
  }

  /** The call ended: the last report, retried; resolves whether the app took it. */
  async finish(): Promise<boolean> {
    if (this.closed) return false
    this.closed = true
    clearTimeout(this.timer)
    await this.inFlight
    const attempts = this.options.finalAttempts ?? 3
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (await this.sendNow(true)) return true
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1000))
    }
    return false
  }

  private async sendNow(final: boolean): Promise<boolean> {
    this.dirty = false
    const snapshot = this.snapshot()
    const turns = snapshot.turns.map((turn) => (turn.text.length > TURN_TEXT_LIMIT ? { ...turn, text: `${turn.text.slice(0, TURN_TEXT_LIMIT - 1)}…` } : turn))
    const report = { ...snapshot, turns, sequence: ++this.sequence, final }
    return this.options.send(this.callSid, report).catch(() => false)
  }
}

/**
 * One Realtime response, streamed the way the GA API streams it: `response.created`, then
 * per output item `response.output_item.added` + `conversation.item.added`, content part,
 * deltas, the `…done` events, and finally `response.done` with usage. Audio deltas are
 * produced `speedup` times faster than real time (OpenAI also generates ahead of playback;
 * pacing to the call is the client's job), which leaves a window for `response.cancel`.
 */
import { bytesPerSampleOf, durationMsOf, encodeAudio, sampleRateOf, type AudioFormat } from './audio-format'
import type { Conversation, WireItem } from './conversation'
import { newId } from './ids'
import type { Speech } from './speech'
import { computeUsage, type RealtimeUsage, type UsageInput } from './usage'

export type ResponseOutput =
  | { kind: 'speech'; speech: Speech }
  | { kind: 'function_call'; name: string; arguments: string }

export type CancelReason = 'client_cancelled' | 'turn_detected'

export interface ResponseSettings {
  conversationId: string
  outputModalities: Array<'audio' | 'text'>
  format: AudioFormat
  voice: string
  maxOutputTokens: number | 'inf'
  metadata: unknown
  /** Multiple of real time at which audio is produced; Infinity sends as fast as the socket allows. */
  speedup: number
  /** Audio per `response.output_audio.delta`. */
  chunkMs: number
  /** What the model read, for `usage` (see usage.ts). */
  input: Omit<UsageInput, 'outputText' | 'outputAudioMs'>
}

export interface ResponseHost {
  send(event: Record<string, unknown>): void
  readonly conversation: Conversation
  onAudioSent(): void
  onFinished(run: ResponseRun): void
}

/** A generous tier's limits: the stand-in never throttles, but clients see the event as they would. */
const RATE_LIMITS = [
  { name: 'requests', limit: 5000, remaining: 4999, reset_seconds: 0.012 },
  { name: 'tokens', limit: 800000, remaining: 795000, reset_seconds: 0.375 },
]

type Status = 'in_progress' | 'completed' | 'cancelled' | 'failed'
type CloseItem = (status: 'completed' | 'incomplete') => void

export class ResponseRun {
  readonly id = newId('resp')
  private status: Status = 'in_progress'
  private readonly output: WireItem[] = []
  private outputText = ''
  private outputAudioMs = 0
  private closeCurrentItem?: CloseItem
  private timer?: NodeJS.Timeout
  private wake?: () => void

  constructor(
    private readonly host: ResponseHost,
    private readonly settings: ResponseSettings,
  ) {}

  get inProgress(): boolean {
    return this.status === 'in_progress'
  }

  start(): void {
    this.host.send({ type: 'response.created', response: this.envelope('in_progress', null, null) })
    // "Emitted at the beginning of a Response" (openai's RateLimitsUpdatedEvent), with tokens reserved for its output.
    this.host.send({ type: 'rate_limits.updated', rate_limits: RATE_LIMITS })
  }

  async play(outputs: ResponseOutput[]): Promise<void> {
    for (const output of outputs) {
      if (!this.inProgress) return
      if (output.kind === 'speech') await this.streamMessage(output.speech)
      else await this.streamFunctionCall(output.name, output.arguments)
    }
    if (this.inProgress) this.finish('completed', null)
  }

  /** Stops streaming at once; the item being streamed is closed `incomplete` (GA cancel semantics). */
  cancel(reason: CancelReason): boolean {
    if (!this.inProgress) return false
    this.closeItem('incomplete')
    this.finish('cancelled', { type: 'cancelled', reason })
    return true
  }

  fail(code: string, message: string): void {
    if (!this.inProgress) return
    this.host.send({ type: 'error', error: { type: 'server_error', code, message, param: null, event_id: null } })
    this.closeItem('incomplete')
    this.finish('failed', { type: 'failed', error: { type: 'server_error', code } })
  }

  /** The socket is gone: stop without sending anything. */
  dispose(): void {
    this.status = 'cancelled'
    this.stopTimer()
  }

  private async streamMessage(speech: Speech): Promise<void> {
    const audioMode = this.settings.outputModalities[0] === 'audio'
    const { item, previous, ids } = this.openItem({ type: 'message', role: 'assistant', content: [] })
    const stored = this.host.conversation.find(item.id)!
    this.host.send({ ...ids, type: 'response.content_part.added', part: audioMode ? { type: 'audio', transcript: '' } : { type: 'text', text: '' } })
    let spoken = ''
    this.closeCurrentItem = (status) => {
      if (audioMode) {
        this.host.send({ ...ids, type: 'response.output_audio.done' })
        this.host.send({ ...ids, type: 'response.output_audio_transcript.done', transcript: spoken })
      } else {
        this.host.send({ ...ids, type: 'response.output_text.done', text: spoken })
      }
      this.host.send({ ...ids, type: 'response.content_part.done', part: audioMode ? { type: 'audio', transcript: spoken } : { type: 'text', text: spoken } })
      // Item content uses the long type names; content_part events use the short ones.
      item.content = [audioMode ? { type: 'output_audio', transcript: spoken } : { type: 'output_text', text: spoken }]
      this.outputText += spoken
      this.closeOpenedItem(item, previous, status)
    }
    const words = speech.transcript.split(/(?<=\s)/)
    const audio = audioMode ? encodeAudio(this.settings.format, speech) : Buffer.alloc(0)
    const chunkBytes = (sampleRateOf(this.settings.format) * bytesPerSampleOf(this.settings.format) * this.settings.chunkMs) / 1000
    const chunkCount = audioMode ? Math.max(1, Math.ceil(audio.length / chunkBytes)) : words.length
    let wordsSent = 0
    for (let index = 0; index < chunkCount; index++) {
      await this.tick()
      if (!this.inProgress) return
      // Transcript deltas run alongside the audio: the words due by the end of this chunk.
      for (const due = Math.ceil(((index + 1) * words.length) / chunkCount); wordsSent < due; wordsSent++) {
        spoken += words[wordsSent]
        const type = audioMode ? 'response.output_audio_transcript.delta' : 'response.output_text.delta'
        this.host.send({ ...ids, type, delta: words[wordsSent] })
      }
      if (!audioMode) continue
      const chunk = audio.subarray(index * chunkBytes, (index + 1) * chunkBytes)
      this.host.send({ ...ids, type: 'response.output_audio.delta', delta: chunk.toString('base64') })
      const chunkMs = durationMsOf(this.settings.format, chunk.length)
      stored.audioMs += chunkMs
      this.outputAudioMs += chunkMs
      this.host.onAudioSent()
    }
    this.closeItem('completed')
  }

  private async streamFunctionCall(name: string, args: string): Promise<void> {
    const callId = newId('call')
    const { item, previous, ids } = this.openItem({ type: 'function_call', name, call_id: callId, arguments: '' })
    const { content_index: _unused, ...argumentIds } = ids
    let sent = ''
    this.closeCurrentItem = (status) => {
      this.host.send({ ...argumentIds, type: 'response.function_call_arguments.done', call_id: callId, name, arguments: sent })
      item.arguments = sent
      this.outputText += sent
      this.closeOpenedItem(item, previous, status)
    }
    for (const piece of args.match(/[\s\S]{1,24}/g) ?? []) {
      await this.tick()
      if (!this.inProgress) return
      sent += piece
      this.host.send({ ...argumentIds, type: 'response.function_call_arguments.delta', call_id: callId, delta: piece })
    }
    this.closeItem('completed')
  }

  private openItem(fields: Partial<WireItem>) {
    const item: WireItem = { id: newId('item'), object: 'realtime.item', type: 'message', status: 'in_progress', ...fields }
    const outputIndex = this.output.length
    const previous = this.host.conversation.insert({ item, audioMs: 0 })
    this.output.push(item)
    this.host.send({ type: 'response.output_item.added', response_id: this.id, output_index: outputIndex, item })
    this.host.send({ type: 'conversation.item.added', previous_item_id: previous, item })
    const ids = { response_id: this.id, item_id: item.id, output_index: outputIndex, content_index: 0 }
    return { item, previous, ids }
  }

  private closeOpenedItem(item: WireItem, previous: string | null, status: 'completed' | 'incomplete'): void {
    item.status = status
    const outputIndex = this.output.indexOf(item)
    this.host.send({ type: 'response.output_item.done', response_id: this.id, output_index: outputIndex, item })
    this.host.send({ type: 'conversation.item.done', previous_item_id: previous, item })
  }

  private closeItem(status: 'completed' | 'incomplete'): void {
    const close = this.closeCurrentItem
    this.closeCurrentItem = undefined
    close?.(status)
  }

  private finish(status: Exclude<Status, 'in_progress'>, statusDetails: Record<string, unknown> | null): void {
    this.status = status
    this.stopTimer()
    const usage = computeUsage({ ...this.settings.input, outputText: this.outputText, outputAudioMs: this.outputAudioMs })
    this.host.send({ type: 'response.done', response: this.envelope(status, statusDetails, usage) })
    this.host.onFinished(this)
  }

  private envelope(status: Status, statusDetails: Record<string, unknown> | null, usage: RealtimeUsage | null) {
    return {
      object: 'realtime.response',
      id: this.id,
      status,
      status_details: statusDetails,
      output: this.output,
      conversation_id: this.settings.conversationId,
      output_modalities: this.settings.outputModalities,
      max_output_tokens: this.settings.maxOutputTokens,
      audio: { output: { format: this.settings.format, voice: this.settings.voice } },
      usage,
      metadata: this.settings.metadata ?? null,
    }
  }

  private tick(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve
      this.timer = setTimeout(resolve, this.settings.chunkMs / this.settings.speedup)
    })
  }

  private stopTimer(): void {
    clearTimeout(this.timer)
    this.wake?.()
  }
}

/**
 * What has been said on a call, in order, as text: the caller's turns from input transcription,
 * the assistant's from its audio transcripts, an interrupted answer cut to what the caller heard.
 * A Realtime session lasts at most 60 minutes and can drop; the session that replaces it is
 * given this conversation (as items) so the call goes on where it was, not from the start.
 *
 * Nothing here outlives the call: one memory per bridge.
 */
export type Speaker = 'caller' | 'assistant'

export interface Turn {
  speaker: Speaker
  text: string
}

/** A turn of the call's transcript: when it began, and whether the caller cut it short. */
export interface TranscriptTurn extends Turn {
  startedAt: string
  interrupted: boolean
}

interface Entry extends Turn {
  startedAt: string
  /** Assistant audio received for the item, and how much of it the caller heard if interrupted. */
  audioMs: number
  heardMs?: number
}

/** Enough for a long call's context without growing without bound. */
const MAX_TURNS = 200

export class ConversationMemory {
  private readonly entries = new Map<string, Entry>()

  /** An item joined the conversation (its place in the order is fixed now; its text may come later). */
  added(itemId: string, speaker: Speaker, at = new Date()): void {
    if (this.entries.has(itemId)) return
    this.entries.set(itemId, { speaker, text: '', audioMs: 0, startedAt: at.toISOString() })
    if (this.entries.size > MAX_TURNS) this.entries.delete(this.entries.keys().next().value!)
  }

  transcript(itemId: string, speaker: Speaker, text: string): void {
    this.added(itemId, speaker)
    this.entries.get(itemId)!.text = text.trim()
  }

  assistantAudio(itemId: string, audioMs: number): void {
    const entry = this.entries.get(itemId)
    if (entry) entry.audioMs += audioMs
  }

  /** The caller interrupted: only the first `heardMs` of the item's audio was heard. */
  interrupted(itemId: string, heardMs: number): void {
    const entry = this.entries.get(itemId)
    if (entry) entry.heardMs = heardMs
  }

  /** The conversation as the caller experienced it: turns with text, interrupted answers cut. */
  turns(): TranscriptTurn[] {
    const turns: TranscriptTurn[] = []
    for (const entry of this.entries.values()) {
      const interrupted = entry.heardMs !== undefined && entry.heardMs < entry.audioMs
      const text = interrupted ? heardPart(entry.text, entry.heardMs!, entry.audioMs) : entry.text
      if (text) turns.push({ speaker: entry.speaker, text, startedAt: entry.startedAt, interrupted })
    }
    return turns
  }
}

/**
 * The words spoken in the first `heardMs` of `audioMs`, estimated by proportion (speech runs at
 * a roughly even rate of words), marked as cut off. The Realtime API drops the transcript of a
 * truncated item, so this is the best record of what was heard.
 */
export function heardPart(text: string, heardMs: number, audioMs: number): string {
  if (audioMs <= 0 || heardMs >= audioMs) return text
  const words = text.split(/\s+/).filter(Boolean)
  const kept = Math.floor((words.length * heardMs) / audioMs)
  return kept === 0 ? '' : `${words.slice(0, kept).join(' ')}…`
}

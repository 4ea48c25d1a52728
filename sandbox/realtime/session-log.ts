/**
 * Per-connection record of the protocol, for tests to assert what a client sent and
 * received. Audio payloads are replaced by their byte counts so a long call stays small.
 */

export interface LoggedEvent {
  direction: 'client' | 'server'
  type: string
  /** Milliseconds since the connection opened. */
  atMs: number
  event: Record<string, unknown>
}

export interface SessionLog {
  sessionId: string
  model: string
  /** Headers of the upgrade request, lower-cased (Authorization redacted). */
  headers: Record<string, string>
  openedAt: Date
  closedAt?: Date
  closeCode?: number
  events: LoggedEvent[]
}

export function redactAudio(event: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(event)
  if (copy.type === 'input_audio_buffer.append' && typeof copy.audio === 'string') {
    copy.audio_bytes = Buffer.byteLength(copy.audio, 'base64')
    delete copy.audio
  }
  if (copy.type === 'response.output_audio.delta' && typeof copy.delta === 'string') {
    copy.delta_bytes = Buffer.byteLength(copy.delta, 'base64')
    delete copy.delta
  }
  return copy
}

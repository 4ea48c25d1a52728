/**
 * The Voice SDK's signaling messages (PStream, @twilio/voice-sdk esm/twilio/pstream.js): JSON
 * `{type, version, payload}` text frames, version "1.6"; a bare "\n" is a heartbeat.
 */
export const PSTREAM_VERSION = '1.6'
export const HEARTBEAT = '\n'

export interface SignalingMessage {
  type: string
  version?: string
  payload: Record<string, unknown>
}

export function encodeMessage(type: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ type, version: PSTREAM_VERSION, payload })
}

/** null for anything that is not a signaling message (the gateway ignores it, as Twilio's does). */
export function decodeMessage(text: string): SignalingMessage | null {
  try {
    const value = JSON.parse(text) as Partial<SignalingMessage>
    if (typeof value?.type !== 'string') return null
    return { type: value.type, version: value.version, payload: value.payload && typeof value.payload === 'object' ? value.payload : {} }
  } catch {
    return null
  }
}

/** Custom parameters as the SDK reads them from an invite's `parameters.Params` (util.js queryToJson). */
export function encodeParams(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&')
}

/** `twilio.params` of an outgoing invite: the URL-encoded `device.connect({ params })`. */
export function decodeParams(query: unknown): Record<string, string> {
  return typeof query === 'string' ? Object.fromEntries(new URLSearchParams(query)) : {}
}

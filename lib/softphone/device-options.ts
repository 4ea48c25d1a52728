import type { AppConfig } from '@/lib/config/env'

// Exactly what `new Device(token, deviceOptions)` needs in the current mode, so any page holding
// the Voice SDK registers the same way. Live mode connects through the configured edge and
// prefers Opus; sandbox mode reaches the sandbox's signaling gateway through the SDK's `chunderw`
// option, publishes no events to Twilio's insights gateway and plays local sounds (the SDK would
// otherwise fetch them from Twilio's CDN): ../shared/spec/twilio-protocol-notes.md.

/** The Voice SDK's sound names (Device.SoundName in @twilio/voice-sdk 2.18). */
export const SDK_SOUNDS = ['incoming', 'outgoing', 'disconnect', 'dtmf0', 'dtmf1', 'dtmf2', 'dtmf3', 'dtmf4', 'dtmf5', 'dtmf6', 'dtmf7', 'dtmf8', 'dtmf9', 'dtmfs', 'dtmfh'] as const

export type DeviceOptions =
  | { edge: string; codecPreferences: ('opus' | 'pcmu')[]; closeProtection: boolean }
  | { chunderw: string; publishEvents: false; sounds: Record<(typeof SDK_SOUNDS)[number], string>; codecPreferences: ['pcmu']; closeProtection: boolean }

export function deviceOptionsFor(twilio: AppConfig['twilio']): DeviceOptions {
  // closeProtection: the browser asks before a tab with a live call is closed.
  if (twilio.mode === 'live') return { edge: twilio.edge, codecPreferences: ['opus', 'pcmu'], closeProtection: true }
  const sounds = Object.fromEntries(SDK_SOUNDS.map((name) => [name, `${twilio.sandboxUrl}/voice-sdk/sounds/${name}.wav`])) as Record<(typeof SDK_SOUNDS)[number], string>
  // The sandbox's WebRTC peer has no Opus: PCMU is the one codec both ends have.
  return { chunderw: twilio.voiceGateway, publishEvents: false, sounds, codecPreferences: ['pcmu'], closeProtection: true }
}

/**
 * The Voice SDK's sounds, served locally: the SDK fetches each entry of its `sounds` option (by
 * default from Twilio's CDN, which the sandbox must not depend on), so an app in sandbox mode
 * points them here: GET /voice-sdk/sounds/<name>.wav for the names of Device.SoundName in
 * @twilio/voice-sdk 2.18 (incoming, outgoing, disconnect, dtmf0–dtmf9, dtmfs, dtmfh). The tones
 * follow the North American call-progress plan: ringing 440+480 Hz, 2 s on, 4 s off.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { beep, concatSamples, dtmfTone, silence, tone } from '../audio/tones'
import { encodeWav } from '../audio/wav'

const DTMF_NAMES: Record<string, string> = { dtmfs: '*', dtmfh: '#' }
for (let digit = 0; digit <= 9; digit++) DTMF_NAMES[`dtmf${digit}`] = String(digit)

function soundSamples(name: string): Int16Array | null {
  if (name === 'incoming' || name === 'outgoing') return concatSamples([tone([440, 480], 2000, 0.2), silence(4000)])
  if (name === 'disconnect') return beep()
  const digit = DTMF_NAMES[name]
  return digit ? dtmfTone(digit, 150) : null
}

const cache = new Map<string, Buffer>()

/** Answers a request for one of the SDK's sounds; false when the path is not one. */
export function serveSdkSound(req: IncomingMessage, res: ServerResponse): boolean {
  const match = /^\/voice-sdk\/sounds\/([a-z0-9]+)\.wav$/.exec(new URL(req.url ?? '/', 'http://sandbox').pathname)
  if (!match || req.method !== 'GET') return false
  const name = match[1]!
  const samples = soundSamples(name)
  if (!samples) return false
  const wav = cache.get(name) ?? encodeWav([samples])
  cache.set(name, wav)
  // The SDK loads sounds with fetch from the app's origin.
  res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length, 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=86400' })
  res.end(wav)
  return true
}

/** Buffer-level G.711 μ-law for Media Streams payloads (per-sample codec in sandbox/realtime/g711). */
import { linearToMulaw, mulawToLinear } from '../../realtime/g711'

export const MULAW_SILENCE = 0xff

export function encodeMulaw(samples: Int16Array): Buffer {
  const out = Buffer.alloc(samples.length)
  for (let i = 0; i < samples.length; i++) out[i] = linearToMulaw(samples[i])
  return out
}

export function decodeMulaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length)
  for (let i = 0; i < bytes.length; i++) out[i] = mulawToLinear(bytes[i])
  return out
}

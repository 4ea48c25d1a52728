/** Sample-level helpers: 16-bit little-endian PCM, resampling, loudness. */

export function pcm16FromBytes(bytes: Uint8Array): Int16Array {
  const samples = new Int16Array(bytes.length >> 1)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true)
  return samples
}

export function pcm16ToBytes(samples: Int16Array): Buffer {
  const bytes = Buffer.alloc(samples.length * 2)
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i], i * 2)
  return bytes
}

/** Lobes of the windowed-sinc kernel on each side; 16 keeps aliasing well below −60 dB. */
const SINC_HALF_WIDTH = 16

/**
 * Band-limited resampling by windowed-sinc interpolation (Hann window). Whole-buffer and
 * offline: the stand-in resamples a clip once per response, so simplicity beats streaming.
 * When downsampling the cut-off follows the output Nyquist, so 22.05 kHz speech does not
 * alias into 8 kHz telephone audio.
 */
export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return input.slice()
  const ratio = toRate / fromRate
  const cutoff = Math.min(1, ratio) * 0.95
  const reach = Math.ceil(SINC_HALF_WIDTH / cutoff)
  const output = new Int16Array(Math.round(input.length * ratio))
  for (let i = 0; i < output.length; i++) {
    const center = i / ratio
    const first = Math.max(0, Math.floor(center) - reach + 1)
    const last = Math.min(input.length - 1, Math.floor(center) + reach)
    let sum = 0
    for (let j = first; j <= last; j++) {
      const distance = center - j
      const window = 0.5 + 0.5 * Math.cos((Math.PI * distance) / reach)
      sum += input[j] * cutoff * sinc(cutoff * distance) * window
    }
    output[i] = clamp16(sum)
  }
  return output
}

function sinc(x: number): number {
  if (x === 0) return 1
  const px = Math.PI * x
  return Math.sin(px) / px
}

export function clamp16(value: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(value)))
}

/** RMS level relative to digital full scale, in dB (−Infinity for digital silence). */
export function rmsDbfs(samples: Int16Array, start = 0, end = samples.length): number {
  if (end <= start) return -Infinity
  let energy = 0
  for (let i = start; i < end; i++) energy += samples[i] * samples[i]
  const rms = Math.sqrt(energy / (end - start))
  return rms === 0 ? -Infinity : 20 * Math.log10(rms / 32768)
}

export function concatSamples(chunks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((total, chunk) => total + chunk.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

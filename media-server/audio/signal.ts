/**
 * Test signals and measurements shared by the audio tests and `bench/audio.ts`: sine tones, SNR
 * against an ideal reference, single-frequency level (Goertzel), and feeding a stream in frames.
 */

export const INT16_FULL_SCALE = 32767

export interface ToneSpec {
  frequencyHz: number
  sampleRate: number
  length: number
  amplitude: number
  /** Shift the tone later by this many samples (may be fractional), e.g. a filter's group delay. */
  delaySamples?: number
}

/** The ideal tone, amplitude · sin(2π f (n − delay) / rate), in double precision. */
export function idealTone({ frequencyHz, sampleRate, length, amplitude, delaySamples = 0 }: ToneSpec): Float64Array {
  const tone = new Float64Array(length)
  const radiansPerSample = (2 * Math.PI * frequencyHz) / sampleRate
  for (let n = 0; n < length; n++) tone[n] = amplitude * Math.sin(radiansPerSample * (n - delaySamples))
  return tone
}

/** Rounds to 16-bit PCM, saturating. */
export function toInt16(signal: ArrayLike<number>): Int16Array {
  const samples = new Int16Array(signal.length)
  for (let n = 0; n < signal.length; n++) samples[n] = Math.max(-32768, Math.min(32767, Math.round(signal[n])))
  return samples
}

export function pcmTone(spec: ToneSpec): Int16Array {
  return toInt16(idealTone(spec))
}

/** Signal-to-noise ratio in dB of `actual` against `reference` over [start, end). */
export function snrDb(actual: ArrayLike<number>, reference: ArrayLike<number>, start = 0, end = reference.length): number {
  let signalPower = 0
  let noisePower = 0
  for (let n = start; n < end; n++) {
    signalPower += reference[n] * reference[n]
    const error = actual[n] - reference[n]
    noisePower += error * error
  }
  return 10 * Math.log10(signalPower / noisePower)
}

/**
 * Amplitude of the `frequencyHz` component of samples[start, start + length) by the Goertzel
 * algorithm (2·|X(ω)|/length). Exact when the window holds a whole number of its periods.
 */
export function toneAmplitude(samples: ArrayLike<number>, frequencyHz: number, sampleRate: number, start: number, length: number): number {
  const omega = (2 * Math.PI * frequencyHz) / sampleRate
  const coefficient = 2 * Math.cos(omega)
  let previous = 0
  let beforePrevious = 0
  for (let n = start; n < start + length; n++) {
    const current = samples[n] + coefficient * previous - beforePrevious
    beforePrevious = previous
    previous = current
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
  return (2 * Math.sqrt(Math.max(0, power))) / length
}

/** Level of `amplitude` relative to `reference`, in dB (negative: below). */
export function levelDb(amplitude: number, reference: number): number {
  return 20 * Math.log10(amplitude / reference)
}

/** Largest |x[n] − x[n−1]| for n in [start + 1, end). */
export function largestStep(samples: ArrayLike<number>, start = 0, end = samples.length): number {
  let largest = 0
  for (let n = start + 1; n < end; n++) largest = Math.max(largest, Math.abs(samples[n] - samples[n - 1]))
  return largest
}

/** A stream stage that turns one frame into another, as a resampler or codec does. */
export type FrameProcessor = (frame: Int16Array) => Int16Array

/** Feeds `input` through `processFrame` in consecutive frames of the given sizes (cycled); concatenates the output. */
export function processInFrames(processFrame: FrameProcessor, input: Int16Array, frameSizes: readonly number[]): Int16Array {
  const outputs: Int16Array[] = []
  let total = 0
  for (let start = 0, index = 0; start < input.length; index++) {
    const size = frameSizes[index % frameSizes.length]
    const output = processFrame(input.subarray(start, Math.min(input.length, start + size)))
    outputs.push(output)
    total += output.length
    start += size
  }
  const joined = new Int16Array(total)
  let offset = 0
  for (const output of outputs) {
    joined.set(output, offset)
    offset += output.length
  }
  return joined
}

/** What the quality measurements need of a resampler (ours, or the benchmark's naive one). */
export interface RateConverter {
  readonly fromRate: number
  readonly toRate: number
  /** Delay in output samples, compensated when comparing with the ideal tone. */
  readonly latencySamples: number
  process(samples: Int16Array): Int16Array
}

const FRAME_MS = 20

export function frameSamples(rate: number): number {
  return (rate * FRAME_MS) / 1000
}

function convertInFrames(converter: RateConverter, input: Int16Array): Int16Array {
  return processInFrames((frame) => converter.process(frame), input, [frameSamples(converter.fromRate)])
}

/**
 * Output samples to leave out before measuring: the first 20 ms frame, or longer for a filter whose
 * window (twice its group delay, for a linear-phase filter) still reaches back before the stream.
 */
function warmUpSamples(outputRate: number, latencySamples: number): number {
  return Math.max(frameSamples(outputRate), Math.ceil(2 * latencySamples))
}

/**
 * SNR of a fresh converter's output for one second of a tone (fed in 20 ms frames) against the
 * ideal tone at the output rate, delayed by the converter's latency; the warm-up is left out.
 */
export function toneSnrDb(converter: RateConverter, frequencyHz = 1000, amplitude = 0.9 * INT16_FULL_SCALE): number {
  const { fromRate, toRate } = converter
  const output = convertInFrames(converter, pcmTone({ frequencyHz, sampleRate: fromRate, length: fromRate, amplitude }))
  const ideal = idealTone({ frequencyHz, sampleRate: toRate, length: output.length, amplitude, delaySamples: converter.latencySamples })
  return snrDb(output, ideal, warmUpSamples(toRate, converter.latencySamples))
}

/**
 * Level, re full scale, of the `measureHz` component in a fresh converter's output for a full-scale
 * `toneHz` tone; measured over one second after the warm-up, so every whole-hertz component has
 * whole periods in the window.
 */
export function componentLevelDb(converter: RateConverter, toneHz: number, measureHz: number): number {
  const { fromRate, toRate } = converter
  const input = pcmTone({ frequencyHz: toneHz, sampleRate: fromRate, length: 2 * fromRate, amplitude: INT16_FULL_SCALE })
  const output = convertInFrames(converter, input)
  return levelDb(toneAmplitude(output, measureHz, toRate, warmUpSamples(toRate, converter.latencySamples), toRate), INT16_FULL_SCALE)
}

/** Where a tone at `frequencyHz` lands once sampled at `rate` (folding about Nyquist). */
export function aliasOf(frequencyHz: number, rate: number): number {
  const folded = frequencyHz % rate
  return folded > rate / 2 ? rate - folded : folded
}

/**
 * The loudest alias, re full scale, of full-scale tones from `fromHz` to `toHz` (every `stepHz`)
 * through fresh converters: each tone is measured where it folds to at the output rate.
 */
export function worstAliasDb(createConverter: () => RateConverter, fromHz: number, toHz: number, stepHz: number): { levelDb: number; toneHz: number } {
  let worst = { levelDb: -Infinity, toneHz: fromHz }
  for (let toneHz = fromHz; toneHz <= toHz; toneHz += stepHz) {
    const converter = createConverter()
    const level = componentLevelDb(converter, toneHz, aliasOf(toneHz, converter.toRate))
    if (level > worst.levelDb) worst = { levelDb: level, toneHz }
  }
  return worst
}

/** A codec stage of the chain (μ-law encode or decode), passed in so that signal.ts stays codec-free. */
export interface Codec {
  encode(samples: Int16Array): Uint8Array
  decode(bytes: Uint8Array): Int16Array
}

/**
 * Gain in dB of the whole call path for a `toneHz` tone at `amplitude`: μ-law at the telephone rate,
 * decoded, up to the high rate, back down, encoded and decoded again, in 20 ms frames through fresh
 * converters; measured over one second after the warm-up.
 */
export function chainGainDb(codec: Codec, up: RateConverter, down: RateConverter, toneHz: number, amplitude = 0.5 * INT16_FULL_SCALE): number {
  const rate = up.fromRate
  const tone = pcmTone({ frequencyHz: toneHz, sampleRate: rate, length: 2 * rate, amplitude })
  const caller = codec.decode(codec.encode(tone))
  const back = codec.decode(codec.encode(convertInFrames(down, convertInFrames(up, caller))))
  const latency = (up.latencySamples * rate) / up.toRate + down.latencySamples
  return levelDb(toneAmplitude(back, toneHz, rate, warmUpSamples(rate, latency), rate), amplitude)
}

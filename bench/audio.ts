/**
 * Audio pipeline benchmark (issues #5 and #16): cost and quality of the per-call conversion
 * (μ-law 8 kHz from Twilio → PCM16 24 kHz for OpenAI Realtime, and back), side by side in one
 * process on the same input: our 3:1 fixed-point resamplers (WebAssembly SIMD kernels and their
 * JavaScript fallback), our general polyphase Kaiser resampler (what the 8 ↔ 24 kHz pair ran on
 * before issue #16, still the path of other rate pairs), libsamplerate compiled to WebAssembly at its
 * medium and best sinc qualities, and a naive pair (linear interpolation up, dropping samples down).
 *
 * Cost is CPU time (`process.cpuUsage()`: user + system, all threads of this process), so the figures
 * read "per core" whatever else the machine is doing. Run alone with `npx tsx bench/audio.ts`.
 */
import { formatTable } from './table'
import { pathToFileURL } from 'node:url'
import { createResampler, mulawDecode, mulawDecodeInto, mulawEncode, mulawEncodeInto } from '../media-server/audio/index'
import { createGeneralResampler } from '../media-server/audio/resampler'
import { chainGainDb, componentLevelDb, frameSamples, idealTone, toInt16, toneSnrDb, worstAliasDb, type RateConverter } from '../media-server/audio/signal'
import { LibsamplerateConverter, type SincQuality } from './libsamplerate-converter'

const TELEPHONE_RATE = 8000
const REALTIME_RATE = 24000
/** Trials per figure; the median is reported. */
const TRIALS = 5
/** CPU time each trial runs for, at least. */
const TRIAL_CPU_SECONDS = 0.25

/** The streaming interface both implementations offer the benchmark loop. */
interface StreamingConverter extends RateConverter {
  processInto(src: Int16Array, dst: Int16Array): number
}

/** Baseline, bench only: straight lines between input samples; output n shows input n/3 − 1. */
class LinearInterpolationUpsampler implements StreamingConverter {
  readonly fromRate = TELEPHONE_RATE
  readonly toRate = REALTIME_RATE
  readonly latencySamples = 3
  private previous = 0

  process(samples: Int16Array): Int16Array {
    const output = new Int16Array(samples.length * 3)
    this.processInto(samples, output)
    return output
  }

  processInto(src: Int16Array, dst: Int16Array): number {
    let previous = this.previous
    for (let i = 0, out = 0; i < src.length; i++, out += 3) {
      const step = src[i] - previous
      dst[out] = previous
      dst[out + 1] = Math.round(previous + step / 3)
      dst[out + 2] = Math.round(previous + (2 * step) / 3)
      previous = src[i]
    }
    this.previous = previous
    return src.length * 3
  }
}

/** Baseline, bench only: keeps every third sample, with no low-pass filter. */
class DropSampleDecimator implements StreamingConverter {
  readonly fromRate = REALTIME_RATE
  readonly toRate = TELEPHONE_RATE
  readonly latencySamples = 0
  private skip = 0

  process(samples: Int16Array): Int16Array {
    const output = new Int16Array(Math.ceil((samples.length - this.skip) / 3))
    this.processInto(samples, output)
    return output
  }

  processInto(src: Int16Array, dst: Int16Array): number {
    let out = 0
    let i = this.skip
    for (; i < src.length; i += 3) dst[out++] = src[i]
    this.skip = i - src.length
    return out
  }
}

interface Implementation {
  name: string
  createUpsampler(): StreamingConverter | Promise<StreamingConverter>
  createDownsampler(): StreamingConverter | Promise<StreamingConverter>
}

function libsamplerate(quality: SincQuality): Implementation {
  return {
    name: `libsamplerate sinc ${quality} (WASM)`,
    createUpsampler: () => LibsamplerateConverter.create(TELEPHONE_RATE, REALTIME_RATE, quality),
    createDownsampler: () => LibsamplerateConverter.create(REALTIME_RATE, TELEPHONE_RATE, quality),
  }
}

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: '3:1 Q15 FIR, WASM SIMD',
    createUpsampler: () => createResampler(TELEPHONE_RATE, REALTIME_RATE, { kernels: 'wasm' }),
    createDownsampler: () => createResampler(REALTIME_RATE, TELEPHONE_RATE, { kernels: 'wasm' }),
  },
  {
    name: '3:1 Q15 FIR, JS fallback',
    createUpsampler: () => createResampler(TELEPHONE_RATE, REALTIME_RATE, { kernels: 'js' }),
    createDownsampler: () => createResampler(REALTIME_RATE, TELEPHONE_RATE, { kernels: 'js' }),
  },
  {
    name: 'previous: polyphase Kaiser',
    createUpsampler: () => createGeneralResampler(TELEPHONE_RATE, REALTIME_RATE),
    createDownsampler: () => createGeneralResampler(REALTIME_RATE, TELEPHONE_RATE),
  },
  libsamplerate('medium'),
  libsamplerate('best'),
  {
    name: 'naive (linear / drop)',
    createUpsampler: () => new LinearInterpolationUpsampler(),
    createDownsampler: () => new DropSampleDecimator(),
  },
]

export interface AudioBenchRow {
  implementation: string
  /** Audio seconds converted per CPU second, 8 kHz → 24 kHz. */
  upRealtimeFactor: number
  /** Audio seconds converted per CPU second, 24 kHz → 8 kHz. */
  downRealtimeFactor: number
  /** Both directions of a call (decode + up, down + encode) per CPU second of real time. */
  callsPerCore: number
  /** 1 kHz tone, dB. */
  snrUpDb: number
  snrDownDb: number
  /** 2 kHz alias of a full-scale 6 kHz tone after 24 kHz → 8 kHz, dB re full scale. */
  aliasDb: number
  /** Loudest alias of full-scale tones 4.1–11.9 kHz (every 200 Hz) after 24 kHz → 8 kHz, dB re full scale. */
  worstAliasDb: number
  /** Gain of the whole call path (μ-law, up, down, μ-law) at 1 kHz and 3.4 kHz, dB. */
  chain1kDb: number
  chain3k4Db: number
}

/** One second of speech-band test audio (two tones, below full scale) at `rate`. */
function testAudio(rate: number): Int16Array {
  const low = idealTone({ frequencyHz: 440, sampleRate: rate, length: rate, amplitude: 9000 })
  const high = idealTone({ frequencyHz: 2300, sampleRate: rate, length: rate, amplitude: 6000 })
  return toInt16(low.map((value, n) => value + high[n]))
}

/** Median over trials of audio seconds per CPU second; `convertFrame(i)` converts 20 ms of audio. */
function realtimeFactor(convertFrame: (frameIndex: number) => void): number {
  const framesPerSecond = 1000 / 20
  const factors: number[] = []
  for (let trial = -1; trial < TRIALS; trial++) {
    const start = process.cpuUsage()
    let frames = 0
    let cpuSeconds = 0
    while (cpuSeconds < TRIAL_CPU_SECONDS) {
      for (let i = 0; i < framesPerSecond; i++) convertFrame(frames++)
      const used = process.cpuUsage(start)
      cpuSeconds = (used.user + used.system) / 1e6
    }
    if (trial >= 0) factors.push(frames / framesPerSecond / cpuSeconds) // trial −1 warms the JIT up
  }
  factors.sort((a, b) => a - b)
  return factors[Math.floor(factors.length / 2)]
}

/** A frame-sized window into one second of looping audio. */
function frameOf<Audio extends Int16Array | Uint8Array>(audio: Audio, frameLength: number, frameIndex: number): Audio {
  const framesInAudio = audio.length / frameLength
  const start = (frameIndex % framesInAudio) * frameLength
  return audio.subarray(start, start + frameLength) as Audio
}

async function measure(implementation: Implementation): Promise<AudioBenchRow> {
  const telephoneFrame = frameSamples(TELEPHONE_RATE)
  const realtimeFrame = frameSamples(REALTIME_RATE)
  const callerAudio = new Uint8Array(TELEPHONE_RATE)
  mulawEncodeInto(testAudio(TELEPHONE_RATE), callerAudio)
  const assistantAudio = testAudio(REALTIME_RATE)
  const callerPcm = testAudio(TELEPHONE_RATE)

  const decoded = new Int16Array(telephoneFrame)

  // Converters that may emit a few samples more in one frame (libsamplerate) get the room.
  const upsampled = new Int16Array(2 * realtimeFrame)
  const downsampled = new Int16Array(2 * telephoneFrame)
  const encoded = new Uint8Array(2 * telephoneFrame)

  const upsampler = await implementation.createUpsampler()
  const upRealtimeFactor = realtimeFactor((i) => upsampler.processInto(frameOf(callerPcm, telephoneFrame, i), upsampled))
  const downsampler = await implementation.createDownsampler()
  const downRealtimeFactor = realtimeFactor((i) => downsampler.processInto(frameOf(assistantAudio, realtimeFrame, i), downsampled))

  const callUp = await implementation.createUpsampler()
  const callDown = await implementation.createDownsampler()
  const callsPerCore = realtimeFactor((i) => {
    // Caller → assistant: Twilio's μ-law frame decoded and raised to the Realtime API's 24 kHz.
    mulawDecodeInto(frameOf(callerAudio, telephoneFrame, i), decoded)
    callUp.processInto(decoded, upsampled)
    // Assistant → caller: 24 kHz PCM lowered to 8 kHz and encoded for Twilio.
    const count = callDown.processInto(frameOf(assistantAudio, realtimeFrame, i), downsampled)
    mulawEncodeInto(downsampled.subarray(0, count), encoded)
  })

  // Every quality figure on fresh converters, made ahead (libsamplerate's are made asynchronously).
  const fresh = async (count: number, create: () => StreamingConverter | Promise<StreamingConverter>) => Promise.all(Array.from({ length: count }, create))
  const ups = await fresh(3, implementation.createUpsampler)
  const downs = await fresh(4 + SWEEP_TONES, implementation.createDownsampler)
  const next = <T>(converters: T[]): T => converters.pop()!
  const codec = { encode: mulawEncode, decode: mulawDecode }
  return {
    implementation: implementation.name,
    upRealtimeFactor,
    downRealtimeFactor,
    callsPerCore,
    snrUpDb: toneSnrDb(next(ups)),
    snrDownDb: toneSnrDb(next(downs)),
    aliasDb: componentLevelDb(next(downs), 6000, 2000),
    worstAliasDb: worstAliasDb(() => next(downs), SWEEP_FROM_HZ, SWEEP_TO_HZ, SWEEP_STEP_HZ).levelDb,
    chain1kDb: chainGainDb(codec, next(ups), next(downs), 1000),
    chain3k4Db: chainGainDb(codec, next(ups), next(downs), 3400),
  }
}

/** The stopband sweep of the alias column (the tests' sweep). */
const SWEEP_FROM_HZ = 4100
const SWEEP_TO_HZ = 11900
const SWEEP_STEP_HZ = 200
const SWEEP_TONES = Math.floor((SWEEP_TO_HZ - SWEEP_FROM_HZ) / SWEEP_STEP_HZ) + 1

/** μ-law codec alone, audio seconds per CPU second (decode, encode). */
export function measureCodec(): { decodeRealtimeFactor: number; encodeRealtimeFactor: number } {
  const frame = frameSamples(TELEPHONE_RATE)
  const pcm = testAudio(TELEPHONE_RATE)
  const mulaw = new Uint8Array(pcm.length)
  mulawEncodeInto(pcm, mulaw)
  const samples = new Int16Array(frame)
  const bytes = new Uint8Array(frame)
  return {
    decodeRealtimeFactor: realtimeFactor((i) => mulawDecodeInto(frameOf(mulaw, frame, i), samples)),
    encodeRealtimeFactor: realtimeFactor((i) => mulawEncodeInto(frameOf(pcm, frame, i), bytes)),
  }
}

export async function runAudioBench(): Promise<AudioBenchRow[]> {
  const rows: AudioBenchRow[] = []
  for (const implementation of IMPLEMENTATIONS) rows.push(await measure(implementation))
  return rows
}

/** −∞ dB: the component rounds to nothing at all in int16 (below half a step). */
function decibels(level: number): string {
  return Number.isFinite(level) ? level.toFixed(1) : '-inf'
}

export function formatAudioTable(rows: readonly AudioBenchRow[]): string {
  const header = [
    'implementation',
    '8→24k ×RT/core',
    '24→8k ×RT/core',
    'calls/core',
    'SNR up dB',
    'SNR down dB',
    '6k alias dBFS',
    'worst alias 4–12k dBFS',
    'chain 1k dB',
    'chain 3.4k dB',
  ]
  const lines = rows.map((row) => [
    row.implementation,
    row.upRealtimeFactor.toFixed(0),
    row.downRealtimeFactor.toFixed(0),
    row.callsPerCore.toFixed(0),
    row.snrUpDb.toFixed(1),
    row.snrDownDb.toFixed(1),
    decibels(row.aliasDb),
    decibels(row.worstAliasDb),
    row.chain1kDb.toFixed(2),
    row.chain3k4Db.toFixed(2),
  ])
  return formatTable(header, lines, { leftAlignFirst: true })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runAudioBench()
  console.log(formatAudioTable(rows))
  const codec = measureCodec()
  console.log(`\nμ-law codec alone: decode ${codec.decodeRealtimeFactor.toFixed(0)}× real time, encode ${codec.encodeRealtimeFactor.toFixed(0)}× real time (per core)`)
  console.log(`Node ${process.version}, ${TRIALS} trials of ≥ ${TRIAL_CPU_SECONDS} s CPU per figure, median shown.`)
}

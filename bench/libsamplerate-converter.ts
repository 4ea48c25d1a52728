/**
 * libsamplerate (Erik de Castro Lopo's Secret Rabbit Code) compiled to WebAssembly, from npm
 * (`@alexanderolsen/libsamplerate-js`), wrapped as a streaming int16 converter for the audio bench:
 * its `full` API keeps the stream's state between calls. Samples cross as Float32 in [−1, 1).
 */
import libsamplerate from '@alexanderolsen/libsamplerate-js'

const { create, ConverterType } = libsamplerate

export type SincQuality = 'best' | 'medium'

const CONVERTER: Record<SincQuality, (typeof ConverterType)[keyof typeof ConverterType]> = {
  best: ConverterType.SRC_SINC_BEST_QUALITY,
  medium: ConverterType.SRC_SINC_MEDIUM_QUALITY,
}

type Src = Awaited<ReturnType<typeof create>>

export class LibsamplerateConverter {
  /**
   * libsamplerate compensates its own filter delay by withholding its first outputs (its output
   * lines up with its input). The wrapper emits zeros in their place, as a causal converter would,
   * so that every frame yields its full share; the zeros are then the latency.
   */
  latencySamples = 0
  private inputTotal = 0
  private outputTotal = 0
  private readonly floats: Float32Array
  private readonly converted: Float32Array
  private readonly written = { frames: 0 }

  private constructor(
    readonly fromRate: number,
    readonly toRate: number,
    private readonly src: Src,
  ) {
    this.floats = new Float32Array(fromRate) // up to a second per call
    this.converted = new Float32Array(Math.ceil((2 * toRate * this.floats.length) / fromRate))
  }

  static async create(fromRate: number, toRate: number, quality: SincQuality): Promise<LibsamplerateConverter> {
    return new LibsamplerateConverter(fromRate, toRate, await create(1, fromRate, toRate, { converterType: CONVERTER[quality] }))
  }

  process(samples: Int16Array): Int16Array {
    const output = new Int16Array(this.converted.length + Math.ceil((samples.length * this.toRate) / this.fromRate))
    return output.slice(0, this.processInto(samples, output))
  }

  processInto(src: Int16Array, dst: Int16Array): number {
    const floats = this.floats.subarray(0, src.length)
    for (let i = 0; i < src.length; i++) floats[i] = src[i] / 32768
    this.src.full(floats, this.converted, this.written)
    const converted = this.written.frames
    this.inputTotal += src.length
    const due = Math.floor((this.inputTotal * this.toRate) / this.fromRate) - this.outputTotal
    const withheld = Math.max(0, due - converted)
    dst.fill(0, 0, withheld)
    this.latencySamples += withheld
    for (let i = 0; i < converted; i++) {
      const sample = Math.round(this.converted[i] * 32768)
      dst[withheld + i] = sample > 32767 ? 32767 : sample < -32768 ? -32768 : sample
    }
    this.outputTotal += withheld + converted
    return withheld + converted
  }

  destroy(): void {
    this.src.destroy()
  }
}

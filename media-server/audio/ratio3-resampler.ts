/**
 * Streaming 3:1 resamplers (Twilio's 8 kHz ↔ OpenAI Realtime's 24 kHz, or any rate pair in that
 * ratio) on the kernels of kernels.ts. Each instance carries the last window − 1 input samples (and,
 * going down, the phase), so cutting a stream into frames of any size gives bit-for-bit the output
 * of one long block.
 */
import type { Ratio3Kernels } from './kernels'
import type { Resampler } from './resampler'

abstract class Ratio3Resampler implements Resampler {
  abstract readonly latencySamples: number
  /** The last `history.length` input samples, oldest first (zeros before the stream starts). */
  protected readonly history: Int16Array

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
    protected readonly kernels: Ratio3Kernels,
    windowLength: number,
  ) {
    this.history = new Int16Array(windowLength - 1)
  }

  abstract outputLength(inputLength: number): number
  /** Runs the kernel over `input` (history then `length` new samples); returns the outputs written. */
  protected abstract convert(length: number): number

  process(samples: Int16Array): Int16Array {
    const output = new Int16Array(this.outputLength(samples.length))
    this.processInto(samples, output)
    return output
  }

  processInto(src: Int16Array, dst: Int16Array): number {
    const count = this.outputLength(src.length)
    if (dst.length < count) throw new RangeError(`processInto: dst holds ${dst.length} samples, need ${count}`)
    const { input, output, maxFrame } = this.kernels
    const history = this.history
    let written = 0
    for (let start = 0; start < src.length; start += maxFrame) {
      const length = Math.min(maxFrame, src.length - start)
      input.set(history)
      input.set(src.subarray(start, start + length), history.length)
      const produced = this.convert(length)
      dst.set(output.subarray(0, produced), written)
      written += produced
      history.set(input.subarray(length, length + history.length))
    }
    return written
  }

  reset(): void {
    this.history.fill(0)
  }
}

/** ×3: three outputs per input; the first is the input itself, delayed (a Nyquist filter's phase 0). */
export class Interpolator3 extends Ratio3Resampler {
  readonly latencySamples: number

  constructor(fromRate: number, kernels: Ratio3Kernels) {
    super(fromRate, 3 * fromRate, kernels, kernels.interpolator.windowLength)
    this.latencySamples = kernels.interpolator.latencySamples
  }

  outputLength(inputLength: number): number {
    return 3 * inputLength
  }

  protected convert(length: number): number {
    this.kernels.interpolate(length)
    return 3 * length
  }
}

/** ÷3: one output per three inputs, its window ending on input 0, 3, 6, … of the stream. */
export class Decimator3 extends Ratio3Resampler {
  readonly latencySamples: number
  /** Index, in the next frame, of the newest input of the next output's window (0, 1 or 2). */
  private first = 0

  constructor(fromRate: number, kernels: Ratio3Kernels) {
    super(fromRate, fromRate / 3, kernels, kernels.decimator.windowLength)
    this.latencySamples = kernels.decimator.latencySamples
  }

  outputLength(inputLength: number): number {
    return inputLength > this.first ? Math.ceil((inputLength - this.first) / 3) : 0
  }

  protected convert(length: number): number {
    const count = this.outputLength(length)
    this.kernels.decimate(this.first, count)
    this.first += 3 * count - length
    return count
  }

  override reset(): void {
    super.reset()
    this.first = 0
  }
}

/**
 * Caller audio gathered into fewer, larger `input_audio_buffer.append`s. Twilio sends a frame
 * every 20 ms; each append is a WebSocket message, a TLS record and a write system call to the
 * Realtime API, the largest cost a call has. Joining `framesPerAppend` frames divides that cost
 * by as much, for (framesPerAppend − 1) × 20 ms more inbound latency on the first frame of each
 * batch. The Realtime API takes audio in appends of any size and its server VAD works on the
 * stream, not on append boundaries.
 *
 * The bytes are joined, not the base64 text: a 160-byte frame's base64 ends in padding, so
 * encodings cannot be concatenated. One buffer per call, reused; no timer (a batch is sent when
 * its last frame arrives).
 */

/** 60 ms: see bench/README.md ("Capacity") for what each setting costs and saves. */
export const DEFAULT_FRAMES_PER_APPEND = 3

export class CallerAudioBatch {
  private readonly bytes: Buffer
  private length = 0
  private frames = 0

  constructor(
    private readonly framesPerAppend: number,
    frameBytes: number,
    private readonly send: (base64: string) => void,
  ) {
    this.bytes = Buffer.alloc(framesPerAppend * frameBytes)
  }

  /** Adds a frame (base64); the batch is sent once it holds `framesPerAppend` frames. */
  add(base64: string): void {
    if (this.framesPerAppend === 1) return this.send(base64)
    // A frame larger than Twilio's 20 ms goes out on its own, after what was gathered.
    if (this.length + decodedLength(base64) > this.bytes.length) {
      this.flush()
      return this.send(base64)
    }
    this.length += this.bytes.write(base64, this.length, 'base64')
    if (++this.frames >= this.framesPerAppend) this.flush()
  }

  /** Sends what is gathered, if anything. */
  flush(): void {
    if (this.frames === 0) return
    const text = this.bytes.toString('base64', 0, this.length)
    this.reset()
    this.send(text)
  }

  /** Forgets what is gathered (the Realtime session it was for is gone). */
  reset(): void {
    this.length = 0
    this.frames = 0
  }
}

function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0
  return Math.floor((base64.length * 3) / 4) - padding
}

/** How strongly a frequency is present in 8 kHz audio (Goertzel), to tell which tone was heard. */
export function toneLevel(samples: Int16Array, hz: number, rate = 8000): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate)
  let previous = 0
  let beforePrevious = 0
  for (const sample of samples) {
    const current = sample / 32768 + coefficient * previous - beforePrevious
    beforePrevious = previous
    previous = current
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
  return samples.length === 0 ? 0 : power / samples.length
}

/** Of the candidate frequencies, the one with most energy. */
export function strongestTone(samples: Int16Array, candidates: number[]): number {
  return candidates.reduce((best, hz) => (toneLevel(samples, hz) > toneLevel(samples, best) ? hz : best))
}

/**
 * What is in a window of 8 kHz audio: its level, the amplitude of one frequency (Goertzel), and
 * the frequency that dominates it. Tests check who heard what with these, and the control API
 * reports what a simulated party hears (GET /sandbox/api/calls/{CA}/heard).
 */
import { TELEPHONY_RATE } from './wav'

/** The amplitude of `hz` in `samples`, as a fraction of full scale: a 0.3 tone reads about 0.3, its absence about 0. */
export function toneLevel(samples: Int16Array, hz: number): number {
  if (samples.length === 0) return 0
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / TELEPHONY_RATE)
  let previous = 0
  let beforePrevious = 0
  for (const sample of samples) {
    const current = sample / 32768 + coefficient * previous - beforePrevious
    beforePrevious = previous
    previous = current
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
  return (2 * Math.sqrt(Math.max(0, power))) / samples.length
}

/** Root-mean-square level as a fraction of full scale (a sine of peak 0.3 reads about 0.21). */
export function rmsLevel(samples: Int16Array): number {
  if (samples.length === 0) return 0
  let sum = 0
  for (const sample of samples) sum += (sample / 32768) ** 2
  return Math.sqrt(sum / samples.length)
}

/** Telephone band, scanned in 10 Hz steps. */
const SCAN = { fromHz: 100, toHz: 3900, stepHz: 10 }

/** The strongest frequency in the telephone band and its amplitude; null in silence. */
export function dominantFrequency(samples: Int16Array): { hz: number; level: number } | null {
  let best: { hz: number; level: number } | null = null
  for (let hz = SCAN.fromHz; hz <= SCAN.toHz; hz += SCAN.stepHz) {
    const level = toneLevel(samples, hz)
    if (!best || level > best.level) best = { hz, level }
  }
  return best && best.level > 0.001 ? best : null
}

/**
 * What the softphone specs share: Chromium with a fake microphone playing a tone (a WAV generated
 * here), the sandbox's control API (simulated callers, what a party heard), and the browser's own
 * ear on the call (a WebAudio AnalyserNode on the SDK's received track). The signaling gateway's
 * certificate is the sandbox's own, hence --ignore-certificate-errors (DEVELOPERS.md).
 */
import { expect, type Page } from '@playwright/test'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { e2eLaunchOptions, e2eStack } from '../playwright.config'
import { tone } from '../sandbox/twilio/audio/tones'
import { encodeWav } from '../sandbox/twilio/audio/wav'

/** Launch options for a browser whose microphone loops a `hz` tone; the file is written before the browser starts. */
export function fakeMicrophoneLaunchOptions(hz: number) {
  const wav = path.resolve(`.local/e2e/softphone-${hz}hz.wav`)
  mkdirSync(path.dirname(wav), { recursive: true })
  writeFileSync(wav, encodeWav([tone(hz, 10_000)]))
  return {
    ...e2eLaunchOptions,
    args: [...e2eLaunchOptions.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`, '--ignore-certificate-errors', '--autoplay-policy=no-user-gesture-required'],
  }
}

export const sandbox = async <T = Record<string, unknown>>(route: string, init?: { method?: string; body?: unknown }): Promise<T> => {
  const response = await fetch(`${e2eStack.SANDBOX_URL}/sandbox/api${route}`, {
    method: init?.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  })
  expect(response.ok, `${init?.method ?? 'GET'} ${route}: ${response.status}`).toBe(true)
  return (await response.json()) as T
}

export interface Heard {
  level: number
  dominant: { hz: number; level: number } | null
  tones: Record<string, number>
}
/** What a simulated party heard lately (`query`: ms= and hz= for the tone levels wanted). */
export const heard = (callSid: string, query: string) => sandbox<Heard>(`/calls/${callSid}/heard?${query}`)
export const callStatus = async (callSid: string) => (await sandbox<{ status: string }>(`/calls/${callSid}`)).status
export const sandboxCalls = () => sandbox<{ sid: string; parentCallSid: string | null; from: string; to: string; status: string }[]>('/calls')

/** Lets browserHears find the SDK's peer connection from outside (no hook in the product); before the first navigation. */
export async function watchPeerConnections(page: Page) {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection
    const peers: RTCPeerConnection[] = []
    ;(window as unknown as { __peers: RTCPeerConnection[] }).__peers = peers
    window.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args)
        peers.push(this)
      }
    } as typeof RTCPeerConnection
  })
}

/** What the browser hears: the dominant frequency of the call's received audio track, through an AnalyserNode. */
export async function browserHears(page: Page): Promise<{ hz: number; db: number }> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __peers: RTCPeerConnection[] }).__peers
    const track = peers.at(-1)!.getReceivers().map((receiver) => receiver.track).find((t) => t.kind === 'audio')!
    const context = new AudioContext()
    await context.resume()
    const analyser = context.createAnalyser()
    analyser.fftSize = 8192
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser)
    await new Promise((resolve) => setTimeout(resolve, 400))
    const bins = new Float32Array(analyser.frequencyBinCount)
    analyser.getFloatFrequencyData(bins)
    let best = 1
    for (let i = 2; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i
    const result = { hz: (best * context.sampleRate) / analyser.fftSize, db: bins[best]! }
    await context.close()
    return result
  })
}

/** Whether the browser hears `hz` most (within one analyser bin). */
export const browserHearsTone = async (page: Page, hz: number) => Math.abs((await browserHears(page)).hz - hz) < 6

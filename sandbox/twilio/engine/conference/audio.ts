/**
 * The audio behind a conference's waitUrl, holdUrl and announceUrl: "The URL may return an MP3
 * file, a WAV file, or a TwiML document that contains <Play>, <Say>, <Pause>, or <Redirect>
 * verbs" (twilio_api_v2010.json, HoldUrl/AnnounceUrl; https://www.twilio.com/docs/voice/twiml/conference#attributes-waiturl).
 * Wait and hold audio loop: when a document runs out, it is requested again. An empty waitUrl
 * is silence; no URL is the default hold music.
 */
import { concatSamples, holdMusic } from '../../audio/tones'
import type { CallSession } from '../call-session'
import type { WebhookPurpose } from '../context'
import { notifyError } from '../notifications'
import { parseTwiml, resolveUrl, methodAttr, type TwimlNode } from '../twiml'
import type { HttpMethod } from '../webhook'
import { loopCount, verbAudio } from '../verbs/media'

export interface AudioSource {
  url: string
  method: HttpMethod
}

/** What a participant hears in the background: a URL's audio, the default music, or nothing. */
export type Background = AudioSource | 'music' | 'silence'

type AudioPurpose = Extract<WebhookPurpose, 'wait-url' | 'hold-url' | 'announce-url'>

/** Redirect hops followed before a document counts as a loop (Twilio's own limit is not documented). */
const MAX_REDIRECTS = 10
/** An announcement is one pass: an endless <Play loop="0"> is cut after this many repeats. */
const MAX_ANNOUNCEMENT_PARTS = 20

const AUDIO_VERBS = ['Play', 'Say', 'Pause']

/** The audio a URL gives, piece by piece (each <Play>/<Say>/<Pause> repeat), following <Redirect>. */
async function* audioParts(session: CallSession, source: AudioSource, purpose: AudioPurpose): AsyncGenerator<Int16Array> {
  let current: AudioSource | null = source
  for (let hop = 0; current && hop < MAX_REDIRECTS; hop++) {
    const { url, method }: AudioSource = current
    current = null
    const response = await session.webhook(purpose, url, method, session.params())
    if (response.errorCode) return notifyError(session, response.errorCode, response.errorMessage ?? `${purpose} failed`, url)
    if (response.contentType?.startsWith('audio/')) {
      yield await verbAudio(session, { name: 'Play', attrs: {}, children: [], text: url }, url)
      return
    }
    let verbs: TwimlNode[]
    try {
      verbs = parseTwiml(response.body)
    } catch (error) {
      return notifyError(session, 12100, (error as Error).message, url)
    }
    for (const verb of verbs) {
      if (verb.name === 'Redirect') {
        current = { url: resolveUrl(verb.text, url), method: methodAttr(verb) }
        break
      }
      if (!AUDIO_VERBS.includes(verb.name)) {
        notifyError(session, 12200, `<${verb.name}> is not allowed in ${purpose} TwiML (Play, Say, Pause, Redirect); skipped`, url)
        continue
      }
      const audio = await verbAudio(session, verb, url)
      const times = verb.name === 'Pause' ? 1 : loopCount(verb)
      for (let i = 0; i < times; i++) yield audio
    }
  }
}

/** Plays the background to the participant until `signal` aborts (it then rejects with the reason). */
export async function loopBackground(session: CallSession, background: Background, purpose: AudioPurpose, signal: AbortSignal): Promise<never> {
  for (;;) {
    if (background === 'silence') await session.sleep(Infinity, signal)
    else if (background === 'music') await session.play(holdMusic(), signal)
    else {
      let played = false
      for await (const part of audioParts(session, background, purpose)) {
        if (signal.aborted) throw signal.reason
        await session.play(part, signal)
        played = true
      }
      // Nothing playable (an error, an empty document): wait before asking again.
      if (!played) await session.sleep(1000, signal)
    }
  }
}

/** One pass of an announcement's audio, fetched for `session` (empty when it failed). */
export async function announcementAudio(session: CallSession, source: AudioSource): Promise<Int16Array> {
  const parts: Int16Array[] = []
  for await (const part of audioParts(session, source, 'announce-url')) {
    parts.push(part)
    if (parts.length >= MAX_ANNOUNCEMENT_PARTS) break
  }
  return concatSamples(parts)
}

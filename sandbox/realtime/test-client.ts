/**
 * Test-side driver: the real openai `OpenAIRealtimeWS` client pointed at a stand-in, with
 * the stand-in's certificate trusted per connection (`options.ca`, passed through to the
 * `ws` socket) and every server event recorded for assertions.
 */
import OpenAI from 'openai'
import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime'
import { OpenAIRealtimeWS } from 'openai/realtime/ws'
import type { RealtimeStandIn } from './index'

type ServerEventOf<T extends RealtimeServerEvent['type']> = Extract<RealtimeServerEvent, { type: T }>

export interface TestClient {
  rt: OpenAIRealtimeWS
  events: RealtimeServerEvent[]
  send(event: RealtimeClientEvent): void
  /** The first event of `type` (already received or still to come) that satisfies `match`. */
  waitFor<T extends RealtimeServerEvent['type']>(type: T, match?: (event: ServerEventOf<T>) => boolean, timeoutMs?: number): Promise<ServerEventOf<T>>
  all<T extends RealtimeServerEvent['type']>(type: T): Array<ServerEventOf<T>>
  /** Decoded bytes of every `response.output_audio.delta` of a response. */
  audioOf(responseId: string): Buffer
  closed: Promise<{ code: number }>
  close(): Promise<void>
}

export function connectClient(standIn: RealtimeStandIn, options: { apiKey?: string; model?: string } = {}): TestClient {
  const client = new OpenAI({ apiKey: options.apiKey ?? 'sk-test-key', baseURL: standIn.baseURL })
  const rt = new OpenAIRealtimeWS({ model: options.model ?? 'gpt-realtime', options: { ca: standIn.caPem } }, client)
  const events: RealtimeServerEvent[] = []
  const waiters = new Set<() => void>()
  rt.on('event', (event) => {
    events.push(event)
    for (const wake of [...waiters]) wake()
  })
  // Error events also reach 'event'; this listener keeps the client from rejecting unhandled.
  rt.on('error', () => {})
  const closed = new Promise<{ code: number }>((resolve) => rt.socket.on('close', (code) => resolve({ code })))

  const all = <T extends RealtimeServerEvent['type']>(type: T) => events.filter((event): event is ServerEventOf<T> => event.type === type)

  return {
    rt,
    events,
    send: (event) => rt.send(event),
    all,
    waitFor(type, match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = all(type).find(match)
          if (!found) return false
          cleanup()
          resolve(found)
          return true
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`timed out waiting for ${type}; received: ${events.map((event) => event.type).join(', ')}`))
        }, timeoutMs)
        const cleanup = () => {
          clearTimeout(timer)
          waiters.delete(wake)
        }
        const wake = () => void check()
        if (!check()) waiters.add(wake)
      })
    },
    audioOf: (responseId) =>
      Buffer.concat(all('response.output_audio.delta').filter((event) => event.response_id === responseId).map((event) => Buffer.from(event.delta, 'base64'))),
    closed,
    async close() {
      if (rt.socket.readyState !== rt.socket.CLOSED) {
        rt.close()
        await closed
      }
    },
  }
}

/** A client whose session speaks G.711 μ-law both ways, as a telephone bridge configures it. */
export async function connectTelephoneSession(standIn: RealtimeStandIn): Promise<TestClient> {
  const client = connectClient(standIn)
  await client.waitFor('session.created')
  client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcmu' } }, output: { format: { type: 'audio/pcmu' } } } } })
  await client.waitFor('session.updated')
  return client
}

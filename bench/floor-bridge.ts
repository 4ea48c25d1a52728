/**
 * The floor of the capacity bench: the least a bridge can spend while sending the media server's
 * messages. It does the plain bridge's job (plain-bridge.ts) with every saving the media server
 * makes on the wire — three caller frames per append, no JSON parse of `media`, `mark` or audio
 * deltas, messages built as text, a chunk and its mark in one corked write — and none of its
 * work: no pacing, no validation, no authentication, no retry, no logs.
 *
 * It is not a product: it measures what `ws` and TLS alone cost at these message counts, so the
 * bench can say how far any Node.js bridge with this batching could get beside the plain one.
 */
import type { Socket } from 'node:net'
import WebSocket from 'ws'
import { closeRealtime, serveBaseline, type BaselineBridge, type BaselineOptions } from './bridge-server'

const FRAMES_PER_APPEND = 3
const FRAME_BYTES = 160

/** A string field of compact JSON found by position; undefined when absent. */
function field(text: string, key: string): string | undefined {
  const at = text.indexOf(key)
  if (at < 0) return undefined
  const start = at + key.length
  return text.slice(start, text.indexOf('"', start))
}

export function startFloorBridge(options: BaselineOptions): Promise<BaselineBridge> {
  return serveBaseline((connection, request) => {
    const transport = request.socket as Socket
    let streamSid = ''
    let assistantItem: string | undefined
    let marks = 0
    const batch = Buffer.alloc(FRAMES_PER_APPEND * FRAME_BYTES)
    let batchLength = 0
    let batchFrames = 0

    const openAiWs = new WebSocket(`${options.realtimeUrl}?model=gpt-realtime`, { headers: { Authorization: `Bearer ${options.apiKey}` }, ca: options.ca, perMessageDeflate: false })
    openAiWs.on('open', () =>
      openAiWs.send(
        JSON.stringify({ type: 'session.update', session: { type: 'realtime', model: 'gpt-realtime', output_modalities: ['audio'], audio: { input: { format: { type: 'audio/pcmu' } }, output: { format: { type: 'audio/pcmu' }, voice: 'alloy' } } } }),
      ),
    )
    openAiWs.on('message', (data) => {
      const text = data.toString()
      if (text.includes('"response.output_audio.delta"')) {
        assistantItem = field(text, '"item_id":"')
        transport.cork()
        connection.send(`{"event":"media","streamSid":"${streamSid}","media":{"payload":"${field(text, '"delta":"')}"}}`)
        connection.send(`{"event":"mark","streamSid":"${streamSid}","mark":{"name":"${++marks}"}}`)
        transport.uncork()
      } else if (text.includes('"input_audio_buffer.speech_started"') && assistantItem) {
        openAiWs.send(`{"type":"conversation.item.truncate","item_id":"${assistantItem}","content_index":0,"audio_end_ms":0}`)
        connection.send(`{"event":"clear","streamSid":"${streamSid}"}`)
        assistantItem = undefined
      }
    })
    openAiWs.on('error', () => {})

    connection.on('message', (data) => {
      const text = data.toString()
      if (text.startsWith('{"event":"media"')) {
        batchLength += batch.write(field(text, '"payload":"')!, batchLength, 'base64')
        if (++batchFrames < FRAMES_PER_APPEND) return
        if (openAiWs.readyState === WebSocket.OPEN) openAiWs.send(`{"type":"input_audio_buffer.append","audio":"${batch.toString('base64', 0, batchLength)}"}`)
        batchLength = batchFrames = 0
      } else if (text.startsWith('{"event":"start"')) {
        streamSid = field(text, '"streamSid":"') ?? ''
      }
    })
    connection.on('close', () => closeRealtime(openAiWs))
  }, { perMessageDeflate: false })
}

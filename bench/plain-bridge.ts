/**
 * The baseline of the capacity bench: what twilio-samples' speech-assistant-openai-realtime-api-node
 * `index.js` does, and no more. Each `media` payload is forwarded as-is in an
 * `input_audio_buffer.append`; each `response.output_audio.delta` is forwarded as-is in a
 * `media` message with a `mark` after it; on `speech_started` the assistant item is truncated by
 * the inbound media clock (latest media timestamp − the one when the answer's first delta
 * came) and Twilio's buffer cleared. No pacing, no validation, no authentication, no retry.
 *
 * Served by a bare `ws` server (bridge-server.ts) (the sample uses fastify over the same `ws`), so the baseline
 * pays for nothing the sample does not.
 */
import WebSocket from 'ws'
import { closeRealtime, serveBaseline, type BaselineBridge, type BaselineOptions } from './bridge-server'

export function startPlainBridge(options: BaselineOptions): Promise<BaselineBridge> {
  return serveBaseline((connection) => {
    let streamSid: string | null = null
    let latestMediaTimestamp = 0
    let lastAssistantItem: string | null = null
    let markQueue: string[] = []
    let responseStartTimestampTwilio: number | null = null

    const openAiWs = new WebSocket(`${options.realtimeUrl}?model=gpt-realtime`, { headers: { Authorization: `Bearer ${options.apiKey}` }, ca: options.ca })

    const initializeSession = () => {
      const sessionUpdate = {
        type: 'session.update',
        session: {
          type: 'realtime',
          model: 'gpt-realtime',
          output_modalities: ['audio'],
          audio: { input: { format: { type: 'audio/pcmu' }, turn_detection: { type: 'server_vad' } }, output: { format: { type: 'audio/pcmu' }, voice: 'alloy' } },
          instructions: 'You are a helpful receptionist.',
        },
      }
      openAiWs.send(JSON.stringify(sessionUpdate))
    }

    const handleSpeechStartedEvent = () => {
      if (markQueue.length > 0 && responseStartTimestampTwilio != null) {
        const elapsedTime = latestMediaTimestamp - responseStartTimestampTwilio
        if (lastAssistantItem) {
          openAiWs.send(JSON.stringify({ type: 'conversation.item.truncate', item_id: lastAssistantItem, content_index: 0, audio_end_ms: elapsedTime }))
        }
        connection.send(JSON.stringify({ event: 'clear', streamSid }))
        markQueue = []
        lastAssistantItem = null
        responseStartTimestampTwilio = null
      }
    }

    const sendMark = () => {
      if (streamSid) {
        connection.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'responsePart' } }))
        markQueue.push('responsePart')
      }
    }

    openAiWs.on('open', () => setTimeout(initializeSession, 100))
    openAiWs.on('message', (data) => {
      const response = JSON.parse(data.toString())
      if (response.type === 'response.output_audio.delta' && response.delta) {
        connection.send(JSON.stringify({ event: 'media', streamSid, media: { payload: response.delta } }))
        if (!responseStartTimestampTwilio) responseStartTimestampTwilio = latestMediaTimestamp
        if (response.item_id) lastAssistantItem = response.item_id
        sendMark()
      }
      if (response.type === 'input_audio_buffer.speech_started') handleSpeechStartedEvent()
    })
    openAiWs.on('error', () => {})

    connection.on('message', (message) => {
      const data = JSON.parse(message.toString())
      switch (data.event) {
        case 'media':
          latestMediaTimestamp = Number(data.media.timestamp)
          if (openAiWs.readyState === WebSocket.OPEN) openAiWs.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: data.media.payload }))
          break
        case 'start':
          streamSid = data.start.streamSid
          responseStartTimestampTwilio = null
          latestMediaTimestamp = 0
          break
        case 'mark':
          if (markQueue.length > 0) markQueue.shift()
          break
      }
    })
    connection.on('close', () => closeRealtime(openAiWs))
  })
}

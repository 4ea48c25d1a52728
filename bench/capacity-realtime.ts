/**
 * A light Realtime stand-in for the capacity bench (bench/capacity.ts): just enough of the GA
 * Realtime protocol for both bridges, on one shared timer, so that hundreds of sessions fit on
 * the load generator's core beside the simulated Twilio calls. The full stand-in
 * (sandbox/realtime) runs a VAD and a speech recogniser per call and would measure itself.
 *
 * Each session follows a script instead of listening: an answer (3 s of audio), the caller
 * barging in 1.5 s into it (`input_audio_buffer.speech_started`, the answer cancelled as with
 * `interrupt_response`), a second answer played to its end, then quiet, every 8 s. Audio is
 * produced as the real API does: 100 ms deltas, faster than real time (here 4×).
 *
 * Inbound latency is measured here, on the generator's clock: every caller frame carries its
 * send time and its call's index in its first 12 bytes (capacity-twilio.ts), and both bridges
 * forward the payload untouched (μ-law passthrough).
 */
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { REALTIME_TLS_DIR } from '../sandbox/realtime/index'
import { loadTlsIdentity } from '../sandbox/tls'
import { readCallerStamp, type AudioLedger } from './capacity-twilio'

const TICK_MS = 25
const CALLER_FRAME_BYTES = 160
const DELTA_BYTES = 800 // 100 ms of 8 kHz μ-law
const CYCLE_MS = 8000
const SCRIPT = { firstAnswerMs: 0, bargeInMs: 1500, secondAnswerMs: 2500, answerBytes: 3000 * 8 }
/** Not silence: a quiet ramp, so a bridge that mangled it would show in a byte comparison. */
const DELTA_BASE64 = Buffer.from(Array.from({ length: DELTA_BYTES }, (_v, i) => 0x80 | (i % 0x70))).toString('base64')

interface Session {
  socket: WebSocket
  ready: boolean
  callIndex?: number
  startedAtMs: number
  cycle: number
  /** Which of this cycle's events have happened: 0 none, 1 first answer, 2 barge-in, 3 second answer. */
  step: number
  response?: { id: string; itemId: string; remaining: number }
  sequence: number
}

export interface RealtimeLoad {
  baseURL: string
  caPem: string
  /** Milliseconds from a caller frame's send to its append here, while measuring. */
  inboundMs: number[]
  /** Caller frames received (20 ms each), while measuring or not. */
  frames: number
  measuring: boolean
  sessions(): number
  close(): Promise<void>
}

export async function startLightRealtime(ledgers: Map<number, AudioLedger>): Promise<RealtimeLoad> {
  const tls = await loadTlsIdentity(REALTIME_TLS_DIR)
  const server = createServer({ key: tls.key, cert: tls.cert })
  const wss = new WebSocketServer({ server, perMessageDeflate: false })
  const sessions = new Set<Session>()
  let nextId = 0
  const load: RealtimeLoad = {
    baseURL: '',
    caPem: tls.cert,
    inboundMs: [],
    frames: 0,
    measuring: false,
    sessions: () => sessions.size,
    close: async () => {
      clearInterval(timer)
      for (const session of sessions) session.socket.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const send = (session: Session, event: object) => {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify({ event_id: `event_${++nextId}`, ...event }))
  }

  wss.on('connection', (socket) => {
    const session: Session = { socket, ready: false, startedAtMs: 0, cycle: 0, step: 0, sequence: 0 }
    sessions.add(session)
    socket.on('close', () => sessions.delete(session))
    socket.on('message', (data) => {
      const text = data.toString()
      // The hot message, 50 a second per call: read the stamp without parsing the JSON.
      const audioAt = text.indexOf('"audio":"')
      if (text.includes('"input_audio_buffer.append"') && audioAt >= 0) {
        const stamp = readCallerStamp(text, audioAt + 9)
        // Frames, not appends: a bridge may join several frames into one append.
        const audioChars = text.indexOf('"', audioAt + 9) - (audioAt + 9)
        load.frames += Math.round((audioChars * 3) / 4 / CALLER_FRAME_BYTES)
        if (load.measuring) load.inboundMs.push(stamp.ageMs)
        if (session.callIndex === undefined && session.ready) {
          session.callIndex = stamp.callIndex
          session.startedAtMs = performance.now() - ((stamp.callIndex * 997) % CYCLE_MS)
        }
        return
      }
      const event = JSON.parse(text) as { type: string }
      if (event.type === 'session.update') {
        session.ready = true
        send(session, { type: 'session.updated', session: {} })
      }
    })
  })

  function startAnswer(session: Session, ledger: AudioLedger | undefined): void {
    const id = `resp_${++nextId}`
    const itemId = `item_${++nextId}`
    session.response = { id, itemId, remaining: SCRIPT.answerBytes }
    if (ledger) {
      ledger.sequence++
      ledger.generated = 0
      ledger.live = true
    }
    send(session, { type: 'response.created', response: { id, object: 'realtime.response', status: 'in_progress', output: [] } })
  }

  function finishAnswer(session: Session, status: 'completed' | 'cancelled'): void {
    const response = session.response!
    session.response = undefined
    send(session, { type: 'response.done', response: { id: response.id, object: 'realtime.response', status, output: [] } })
  }

  const timer = setInterval(() => {
    const now = performance.now()
    for (const session of sessions) {
      if (session.callIndex === undefined || session.socket.readyState !== session.socket.OPEN) continue
      const ledger = ledgers.get(session.callIndex)
      const elapsed = now - session.startedAtMs
      const cycle = Math.floor(elapsed / CYCLE_MS)
      if (cycle !== session.cycle) {
        session.cycle = cycle
        session.step = 0
      }
      const at = elapsed - cycle * CYCLE_MS
      if (session.step === 0 && at >= SCRIPT.firstAnswerMs) {
        session.step = 1
        if (session.response) finishAnswer(session, 'completed')
        startAnswer(session, ledger)
      } else if (session.step === 1 && at >= SCRIPT.bargeInMs) {
        session.step = 2
        if (ledger) ledger.live = false
        send(session, { type: 'input_audio_buffer.speech_started', audio_start_ms: Math.round(elapsed), item_id: `item_${++nextId}` })
        if (session.response) finishAnswer(session, 'cancelled')
      } else if (session.step === 2 && at >= SCRIPT.secondAnswerMs) {
        session.step = 3
        startAnswer(session, ledger)
      }
      const response = session.response
      if (!response) continue
      // 4× real time: one 100 ms delta per 25 ms tick.
      send(session, { type: 'response.output_audio.delta', response_id: response.id, item_id: response.itemId, output_index: 0, content_index: 0, delta: DELTA_BASE64 })
      response.remaining -= DELTA_BYTES
      if (ledger) ledger.generated += DELTA_BYTES
      if (response.remaining <= 0) finishAnswer(session, 'completed')
    }
  }, TICK_MS)

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  load.baseURL = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  return load
}

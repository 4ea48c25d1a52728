/**
 * The AI receptionist's latencies (issue #14, item 10), through the real media server (alone in a
 * child process, so its CPU and heap are its own) against the Realtime stand-in and simulated
 * Twilio calls in this process:
 *
 * (a) turn latency: the stand-in's `speech_stopped` → the first assistant audio frame at Twilio,
 *     with a configured model delay (the scripted model waits that long before it speaks), at 1
 *     and 50 concurrent calls. Printed beside what the stand-in itself took (its `speech_stopped`
 *     → its first `response.output_audio.delta`, from its own event log), so what is left — the
 *     media server and two loopback hops — is visible per turn.
 * (b) first greeting audio after the stream starts (the peer opens the socket → its first
 *     `media`), with and without pre-warm (the app's signed POST /pre-warm, sent as
 *     /api/voice/incoming answers; the stream follows 0 or 200 ms after the media server took it).
 * (c) a 30-minute call: 90,000 caller frames fed at 40× real time (a frame every 0.5 ms; a
 *     question every 30 simulated seconds), with the media server's playback on a pacer driven by
 *     the frames it receives (each is 20 ms of call), so half an hour of call — VAD turns, replies,
 *     marks, the call report — runs in 45 s. Heap (after a full GC) and the server's per-frame
 *     handling time are taken in the first and the last five simulated minutes.
 *
 * (d) failure → hand-back: with the media server's default retries and liveness bounds, the time
 *     from a failure to the hand-back the app turns into voicemail and a callback item — the
 *     stand-in killed mid-greeting, a voice the API refuses (`session.update` rejected), a greeting
 *     whose response fails every time, a stand-in that stops answering (pings unanswered) — beside
 *     the bound the code sets.
 *
 * Run alone: `npx tsx bench/receptionist.ts` (about 5 min). Options: --delay=200 --turns=8 --levels=1,50 --only=turns,greetings,long,failures
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import twilio from 'twilio'
import WebSocket from 'ws'
import { startEmbeddedDatabase } from '../lib/db/embedded'
import { applyMigrations } from '../lib/db/migrations'
import { preWarmStream } from '../lib/telephony/pre-warm'
import { mulawEncode } from '../media-server/audio/index'
import { DEFAULT_RETRY_DELAYS_MS, RESPONSE_RETRIES, type BridgeProbe } from '../media-server/bridge'
import { DEFAULT_LIVENESS } from '../media-server/realtime-session'
import { createLogger } from '../media-server/log'
import { SharedPacer } from '../media-server/pacer'
import { startMediaServer } from '../media-server/server'
import { TEST_AUTH_TOKEN } from '../media-server/testing/accounts'
import { callSession, startBenchMediaServer, startHarness, streamToken, TEST_API_KEY, TEST_STREAM_SECRET, type Harness } from '../media-server/testing/harness'
import { ManualPacer } from '../media-server/testing/manual-pacer'
import { startStreamApp } from '../media-server/testing/stream-app'
import { epochMs, TwilioPeer } from '../media-server/testing/twilio-peer'
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE } from '../media-server/twilio-stream'
import { loadClip, startRealtimeStandIn, type Behavior, type RealtimeStandIn, type SessionLog } from '../sandbox/realtime/index'
import { BenchChild } from './child-process'
import { formatTable } from './table'

export interface Percentiles {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = Float64Array.from(values).sort()
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN)
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1]! : NaN }
}

// ——— child: the media server ———

type ToChild = { type: 'init'; baseURL: string; caPem: string; appUrl: string; frameClock: boolean } | { type: 'heap' } | { type: 'frames' } | { type: 'answers' } | { type: 'exit' }

async function serveMediaServer(): Promise<void> {
  const send = (message: object) => process.send!(message)
  let handling: number[] = []
  let frameClock: ManualPacer | undefined
  let answers: Array<{ modelMs: number; bridgeMs: number }> = []
  const probe: BridgeProbe = {
    answer: (modelMs, bridgeMs) => answers.push({ modelMs, bridgeMs }),
    inbound(_payload, receivedAtMs) {
      handling.push(performance.now() - receivedAtMs)
      // Each caller frame is 20 ms of the call: playback keeps the call's time, not the wall's.
      frameClock?.advance(FRAME_MS)
    },
    outbound() {},
  }
  const ended: string[] = []
  const log = createLogger((line) => {
    if (line.includes('"msg":"call ended"')) ended.push(line)
    if (line.includes('"level":"error"')) process.stderr.write(`${line}\n`)
  })
  let server: Awaited<ReturnType<typeof startMediaServer>> | undefined
  process.on('message', async (message: ToChild) => {
    switch (message.type) {
      case 'init':
        frameClock = message.frameClock ? new ManualPacer() : undefined
        server = await startBenchMediaServer(message, {
          log,
          onHandBack: (handBack) => process.stderr.write(`hand-back: ${handBack.reason}\n`),
          pacer: frameClock ?? new SharedPacer(),
          probe,
        })
        return send({ type: 'ready', streamUrl: server.streamUrl, httpUrl: server.httpUrl })
      case 'heap':
        globalThis.gc?.()
        return send({ type: 'heap', heapUsed: process.memoryUsage().heapUsed })
      case 'answers': {
        const taken = answers
        answers = []
        return send({ type: 'answers', answers: taken })
      }
      case 'frames': {
        const taken = handling
        handling = []
        return send({ type: 'frames', handling: taken, ended: ended.splice(0) })
      }
      case 'exit':
        await server?.shutdown(0)
        process.disconnect()
    }
  })
  send({ type: 'started' })
}

// ——— parent ———

const script = fileURLToPath(import.meta.url)

async function mediaServerChild(init: { baseURL: string; caPem: string; appUrl: string; frameClock: boolean }) {
  const child = new BenchChild(script, { BENCH_RECEPTIONIST_ROLE: 'media-server' }, { profileAs: 'receptionist-media-server' })
  await child.request(null, 'started')
  const urls = await child.request<{ streamUrl: string; httpUrl: string }>({ type: 'init', ...init }, 'ready')
  return { child, ...urls }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const serverEvents = (log: SessionLog, type: string) => log.events.filter((event) => event.direction === 'server' && event.type === type)

export interface TurnRow {
  calls: number
  modelDelayMs: number
  /** The stand-in's own speech_stopped → first audio delta. */
  standInMs: Percentiles
  /** speech_stopped → first assistant frame at the Twilio peer. */
  totalMs: Percentiles
  /** Per turn, total − the stand-in's part: the media server, two loopback hops and this process's own delays. */
  outsideModelMs: Percentiles
  /** Inside the media server: `speech_stopped` received → first delta received (the model, as the server sees it). */
  serverModelMs: Percentiles
  /** Inside the media server: first delta received → first frame written to Twilio. */
  serverOwnMs: Percentiles
  /** Event-loop delay p99 of this process (the stand-in and the simulated calls). */
  generatorLagP99Ms: number
}

export interface GreetingRow {
  mode: string
  firstAudioMs: Percentiles
}

export interface LongCallResult {
  simulatedMinutes: number
  realSeconds: number
  turns: number
  heapStartKb: number
  heapEndKb: number
  handlingStartMs: Percentiles
  handlingEndMs: Percentiles
  /** The largest gap between where the stand-in's audio clock put a turn's end and where the fed audio did. */
  clockDriftMs: number
  ended: string
}

const CYCLE_FRAMES = 400
const LEAD_FRAMES = 250

/** Silence, then the shipped question every 8 s (after a 5 s lead for the greeting). */
function askEvery(speech: Uint8Array, phaseFrames: number): (index: number) => Uint8Array {
  return (index) => {
    const frame = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE)
    if (index < LEAD_FRAMES) return frame
    const offset = ((index - LEAD_FRAMES + phaseFrames) % CYCLE_FRAMES) * FRAME_BYTES
    if (offset < speech.length) frame.set(speech.subarray(offset, offset + FRAME_BYTES))
    return frame
  }
}

async function turnLatency(standIn: RealtimeStandIn, server: { child: BenchChild; streamUrl: string }, calls: number, turns: number, modelDelayMs: number): Promise<TurnRow> {
  const streamUrl = server.streamUrl
  await server.child.request({ type: 'answers' }, 'answers')
  const lag = monitorEventLoopDelay({ resolution: 1 })
  const speech = mulawEncode(loadClip('caller-question').samples)
  // Per session: when the stand-in ended each user turn (epoch ms, this process's clock).
  const stoppedAt = new Map<string, number[]>()
  standIn.setBehavior({
    onUserTurn(ctx) {
      stoppedAt.set(ctx.sessionId, [...(stoppedAt.get(ctx.sessionId) ?? []), epochMs()])
    },
    async onResponse(ctx, request) {
      if (request.trigger === 'client') return ctx.say({ clip: 'greeting' })
      await sleep(modelDelayMs)
      ctx.say({ clip: 'reply-help' })
    },
  })
  const firstSession = standIn.sessions().length
  const peers: TwilioPeer[] = []
  for (let index = 0; index < calls; index++) {
    const session = callSession({ instructions: `You are the receptionist of Acme Dental. Call ${index}.` })
    // Calls ask at different moments, as real callers would.
    peers.push(await TwilioPeer.connect({ url: streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) }, callerFrame: askEvery(speech, (index * 37) % 200) }))
    await sleep(Math.min(20, 2000 / calls))
  }
  lag.enable()
  await sleep((LEAD_FRAMES + CYCLE_FRAMES * turns) * FRAME_MS + 1000)
  lag.disable()
  const { answers } = await server.child.request<{ answers: Array<{ modelMs: number; bridgeMs: number }> }>({ type: 'answers' }, 'answers')
  for (const peer of peers) peer.stop()
  await Promise.all(peers.map((peer) => peer.closed))
  const sessions = standIn.sessions().slice(firstSession)
  const standInMs: number[] = []
  const totalMs: number[] = []
  const outsideModelMs: number[] = []
  for (const log of sessions) {
    const index = Number(/Call (\d+)\./.exec(JSON.stringify(log.events.find((event) => event.type === 'session.update')?.event ?? {}))?.[1])
    const peer = peers[index]
    const stops = stoppedAt.get(log.sessionId) ?? []
    const stopped = serverEvents(log, 'input_audio_buffer.speech_stopped')
    const deltas = serverEvents(log, 'response.output_audio.delta')
    if (!peer) continue
    stops.forEach((stoppedEpoch, turn) => {
      const stopLogged = stopped[turn]
      const firstDelta = stopLogged && deltas.find((delta) => delta.atMs >= stopLogged.atMs)
      const firstFrame = peer.received.find((media) => media.atMs >= stoppedEpoch)
      if (!stopLogged || !firstDelta || !firstFrame) return
      const model = firstDelta.atMs - stopLogged.atMs
      const total = firstFrame.atMs - stoppedEpoch
      standInMs.push(model)
      totalMs.push(total)
      outsideModelMs.push(total - model)
    })
  }
  return {
    calls,
    modelDelayMs,
    standInMs: percentiles(standInMs),
    totalMs: percentiles(totalMs),
    outsideModelMs: percentiles(outsideModelMs),
    serverModelMs: percentiles(answers.map((answer) => answer.modelMs)),
    serverOwnMs: percentiles(answers.map((answer) => answer.bridgeMs)),
    generatorLagP99Ms: lag.percentile(99) / 1e6,
  }
}

async function greetingLatency(standIn: RealtimeStandIn, streamUrl: string, httpUrl: string, mode: { preWarm: boolean; gapMs?: number }, samples: number): Promise<GreetingRow> {
  standIn.setBehavior({ onResponse: (ctx) => ctx.say({ clip: 'greeting' }) })
  const firstAudio: number[] = []
  for (let sample = 0; sample < samples; sample++) {
    const session = callSession()
    const token = streamToken(session)
    if (mode.preWarm) {
      const status = await preWarmStream(token, httpUrl)
      if (status !== 202) throw new Error(`pre-warm answered ${status}`)
      await sleep(mode.gapMs ?? 0)
    }
    const startedAt = epochMs()
    const peer = await TwilioPeer.connect({ url: streamUrl, callSid: session.callSid, customParameters: { token } })
    while (peer.received.length === 0) await sleep(1)
    firstAudio.push(peer.received[0]!.atMs - startedAt)
    peer.stop()
    await peer.closed
  }
  return { mode: mode.preWarm ? `pre-warm, stream ${mode.gapMs ?? 0} ms after it was taken` : 'no pre-warm', firstAudioMs: percentiles(firstAudio) }
}

const LONG_CALL_FRAMES = 90_000
const FIVE_MINUTES = 15_000
const FEED_SPEEDUP = 40
const QUESTION_EVERY_FRAMES = 1500

/** Twilio's side of a Media Stream fed as fast as the bench allows: frames in bursts, marks echoed at once (played in call time). */
async function longCall(standIn: RealtimeStandIn, server: { child: BenchChild; streamUrl: string }): Promise<LongCallResult> {
  standIn.setBehavior({ onResponse: (ctx, request) => ctx.say({ clip: request.trigger === 'client' ? 'greeting' : 'reply-noted' }) })
  const speech = mulawEncode(loadClip('caller-question').samples)
  const session = callSession()
  const headers = { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, server.streamUrl, {}) }
  const socket = new WebSocket(server.streamUrl, { headers })
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)))
  const streamSid = `MZ${'0'.repeat(32)}`
  let sequence = 1
  const json = (message: object) => socket.send(JSON.stringify(message))
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { event: string; mark?: { name: string } }
    if (message.event === 'mark') json({ event: 'mark', sequenceNumber: String(++sequence), streamSid, mark: message.mark })
  })
  json({ event: 'connected', protocol: 'Call', version: '1.0.0' })
  json({ event: 'start', sequenceNumber: String(++sequence), streamSid, start: { accountSid: session.accountSid, streamSid, callSid: session.callSid, tracks: ['inbound'], mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 }, customParameters: { token: streamToken(session) } } })
  const frame = (index: number) => {
    const bytes = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE)
    const offset = ((index % QUESTION_EVERY_FRAMES) - 250) * FRAME_BYTES
    if (offset >= 0 && offset < speech.length) bytes.set(speech.subarray(offset, offset + FRAME_BYTES))
    return Buffer.from(bytes).toString('base64')
  }
  const frames = async () => (await server.child.request<{ handling: number[]; ended: string[] }>({ type: 'frames' }, 'frames'))
  const heap = async () => (await server.child.request<{ heapUsed: number }>({ type: 'heap' }, 'heap')).heapUsed
  // Fed only once the session is ready: frames beyond the few kept while it is set up would be dropped.
  const sessionsBefore = standIn.sessions().length
  while (!standIn.sessions()[sessionsBefore]?.events.some((event) => event.type === 'session.updated')) await sleep(5)
  const startedAt = performance.now()
  let heapStart = 0
  let handlingStart: number[] = []
  let ended = ''
  const perTick = (FEED_SPEEDUP * 20) / FRAME_MS
  for (let index = 0; index < LONG_CALL_FRAMES; ) {
    const tickStart = performance.now()
    for (const last = Math.min(LONG_CALL_FRAMES, index + perTick); index < last; index++) {
      json({ event: 'media', sequenceNumber: String(++sequence), streamSid, media: { track: 'inbound', chunk: String(index + 1), timestamp: String(index * FRAME_MS), payload: frame(index) } })
    }
    if (index === FIVE_MINUTES) {
      const taken = await frames()
      handlingStart = taken.handling
      heapStart = await heap()
    }
    if (index === LONG_CALL_FRAMES - FIVE_MINUTES) await frames()
    await sleep(Math.max(0, 20 - (performance.now() - tickStart)))
  }
  await sleep(500)
  const end = await frames()
  ended = end.ended.join(' ')
  const heapEnd = await heap()
  json({ event: 'stop', sequenceNumber: String(++sequence), streamSid, stop: { accountSid: session.accountSid, callSid: session.callSid } })
  socket.close()
  const realSeconds = (performance.now() - startedAt) / 1000
  const log = standIn.sessions().at(-1)!
  const stops = serverEvents(log, 'input_audio_buffer.speech_stopped')
  // The caller asks every 30 s of fed audio: the stand-in's audio clock (its audio_end_ms) must
  // see the turns exactly that far apart from the first to the last.
  const ends = stops.map((stop) => (stop.event as { audio_end_ms: number }).audio_end_ms)
  const clockDriftMs = Math.max(...ends.map((end, turn) => Math.abs(end - ends[0]! - turn * QUESTION_EVERY_FRAMES * FRAME_MS)))
  return {
    simulatedMinutes: (LONG_CALL_FRAMES * FRAME_MS) / 60_000,
    realSeconds,
    turns: stops.length,
    heapStartKb: heapStart / 1024,
    heapEndKb: heapEnd / 1024,
    handlingStartMs: percentiles(handlingStart),
    handlingEndMs: percentiles(end.handling),
    clockDriftMs,
    ended,
  }
}

export interface FailureRow {
  failure: string
  /** What the code's constants allow, in words. */
  bound: string
  boundMs: number
  handBackMs: Percentiles
  reason: string
}

/** The bound each failure has by construction (media-server/bridge.ts, realtime-session.ts). */
const RETRIES_MS = DEFAULT_RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0)

async function failureToHandBack(samples: number): Promise<FailureRow[]> {
  const scenarios: Array<{ failure: string; bound: string; boundMs: number; voice?: string; behavior?: Behavior; at: 'stream' | 'greeting'; act?: (h: Harness) => void | Promise<void>; samples?: number }> = [
    { failure: 'stand-in killed mid-greeting', bound: `retries ${DEFAULT_RETRY_DELAYS_MS.join(' + ')} ms, each a refused connection`, boundMs: RETRIES_MS, at: 'greeting', act: (h) => h.standIn.close() },
    { failure: 'session.update rejected (voice)', bound: `4 sessions refused + retries ${RETRIES_MS} ms`, boundMs: RETRIES_MS, voice: 'nova', at: 'stream' },
    { failure: 'greeting response failed', bound: `${RESPONSE_RETRIES + 1} responses failed in a row`, boundMs: 0, behavior: { onResponse: (ctx) => ctx.fail('server_error', 'The server had an error.') }, at: 'stream' },
    {
      failure: 'stand-in hung (never answers)',
      bound: `${DEFAULT_RETRY_DELAYS_MS.length + 1} sessions unconfirmed for ${DEFAULT_LIVENESS.readyTimeoutMs} ms each + retries ${RETRIES_MS} ms`,
      boundMs: (DEFAULT_RETRY_DELAYS_MS.length + 1) * DEFAULT_LIVENESS.readyTimeoutMs + RETRIES_MS,
      behavior: { onSessionStart: (ctx) => void ctx.stopAnswering() },
      at: 'stream',
      samples: 2,
    },
  ]
  const rows: FailureRow[] = []
  for (const scenario of scenarios) {
    const times: number[] = []
    let reason = ''
    for (let sample = 0; sample < (scenario.samples ?? samples); sample++) {
      let handedBackAt = 0
      const h = await startHarness({ quiet: true, server: { onHandBack: (handBack) => ((handedBackAt = performance.now()), (reason = handBack.reason)) } })
      try {
        if (scenario.behavior) h.standIn.setBehavior(scenario.behavior)
        const session = callSession(scenario.voice ? { voice: scenario.voice } : {})
        const peer = await TwilioPeer.connect({ url: h.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) } })
        if (scenario.at === 'greeting') while (peer.received.length === 0) await sleep(1)
        const failedAt = performance.now()
        await scenario.act?.(h)
        while (!handedBackAt) await sleep(5)
        times.push(handedBackAt - failedAt)
        await peer.closed
      } finally {
        await h.close().catch(() => {})
      }
    }
    rows.push({ failure: scenario.failure, bound: scenario.bound, boundMs: scenario.boundMs, handBackMs: percentiles(times), reason })
  }
  return rows
}

export interface ReceptionistBenchResult {
  turns: TurnRow[]
  greetings: GreetingRow[]
  longCall?: LongCallResult
  failures: FailureRow[]
}

export type BenchPart = 'turns' | 'greetings' | 'long' | 'failures'

export async function runReceptionistBench(options: { modelDelayMs?: number; turns?: number; levels?: number[]; only?: BenchPart[] } = {}): Promise<ReceptionistBenchResult> {
  const modelDelayMs = options.modelDelayMs ?? 200
  const runs = (part: BenchPart) => !options.only || options.only.includes(part)
  const database = await startEmbeddedDatabase()
  await applyMigrations((process.env.DATABASE_URL = database.url))
  process.env.MEDIA_STREAM_SECRET ??= TEST_STREAM_SECRET
  const app = await startStreamApp(TEST_STREAM_SECRET)
  const standIn = await startRealtimeStandIn({ port: 0, speechSource: 'builtin', apiKey: TEST_API_KEY })
  // The long call's replies are made far faster than real time, as its audio is fed.
  const fastStandIn = await startRealtimeStandIn({ port: 0, speechSource: 'builtin', apiKey: TEST_API_KEY, speedup: 200 })
  const servers: BenchChild[] = []
  try {
    const server = await mediaServerChild({ baseURL: standIn.baseURL, caPem: standIn.caPem, appUrl: app.url, frameClock: false })
    servers.push(server.child)
    const turns: TurnRow[] = []
    for (const calls of runs('turns') ? (options.levels ?? [1, 50]) : []) turns.push(await turnLatency(standIn, server, calls, calls === 1 ? (options.turns ?? 8) : 2, modelDelayMs))
    const greetings: GreetingRow[] = []
    for (const mode of runs('greetings') ? [{ preWarm: false }, { preWarm: true, gapMs: 0 }, { preWarm: true, gapMs: 200 }] : []) greetings.push(await greetingLatency(standIn, server.streamUrl, server.httpUrl, mode, 20))
    let long: LongCallResult | undefined
    if (runs('long')) {
      const longServer = await mediaServerChild({ baseURL: fastStandIn.baseURL, caPem: fastStandIn.caPem, appUrl: app.url, frameClock: true })
      servers.push(longServer.child)
      long = await longCall(fastStandIn, longServer)
    }
    return { turns, greetings, longCall: long, failures: runs('failures') ? await failureToHandBack(5) : [] }
  } finally {
    for (const child of servers) child.send({ type: 'exit' })
    await Promise.all(servers.map((child) => child.exited()))
    await standIn.close()
    await fastStandIn.close()
    await app.close()
    await database.stop()
  }
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–')
const us = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : '–')

export function formatReceptionistBench(result: ReceptionistBenchResult): string {
  const parts: string[] = []
  if (result.turns.length) {
    const table = formatTable(
      ['calls', 'turns', 'model delay set ms', 'stand-in stopped → 1st delta p50 / p95', 'speech_stopped → 1st frame at Twilio p50 / p95', 'of which outside the model p50 / p95', 'media server: 1st delta → frame sent p50 / p95 / max', 'server sees model p50 / p95', 'generator lag p99'],
      result.turns.map((row) => [
        String(row.calls),
        String(row.totalMs.count),
        String(row.modelDelayMs),
        `${ms(row.standInMs.p50)} / ${ms(row.standInMs.p95)}`,
        `${ms(row.totalMs.p50)} / ${ms(row.totalMs.p95)}`,
        `${ms(row.outsideModelMs.p50)} / ${ms(row.outsideModelMs.p95)}`,
        `${us(row.serverOwnMs.p50)} / ${us(row.serverOwnMs.p95)} / ${us(row.serverOwnMs.max)}`,
        `${ms(row.serverModelMs.p50)} / ${ms(row.serverModelMs.p95)}`,
        ms(row.generatorLagP99Ms),
      ]),
    )
    parts.push(`${table}\n\nms throughout. Target: the media server’s own share (1st delta → frame sent) < 20 ms p95. "Outside the model" is the end-to-end time less the stand-in’s own, so it also holds the loopback hops and this process’s event-loop delays (its lag: last column).`)
  }
  if (result.greetings.length) {
    parts.push(
      formatTable(
        ['first greeting audio after the stream opens', 'calls', 'p50 ms', 'p95 ms', 'max ms'],
        result.greetings.map((row) => [row.mode, String(row.firstAudioMs.count), ms(row.firstAudioMs.p50), ms(row.firstAudioMs.p95), ms(row.firstAudioMs.max)]),
        { leftAlignFirst: true },
      ),
    )
  }
  const long = result.longCall
  if (long) {
    const table = formatTable(
      ['30-minute call', 'media server heap after GC KB', 'frame handling p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      [
        ['first 5 minutes', long.heapStartKb.toFixed(0), us(long.handlingStartMs.p50), us(long.handlingStartMs.p95), us(long.handlingStartMs.p99), ms(long.handlingStartMs.max)],
        ['last 5 minutes', long.heapEndKb.toFixed(0), us(long.handlingEndMs.p50), us(long.handlingEndMs.p95), us(long.handlingEndMs.p99), ms(long.handlingEndMs.max)],
      ],
      { leftAlignFirst: true },
    )
    parts.push(
      `${table}\n\n${long.simulatedMinutes} simulated minutes in ${long.realSeconds.toFixed(0)} s (frames fed at ${FEED_SPEEDUP}× real time, playback paced by the frames), ${long.turns} caller turns; the turns' ends on the stand-in's audio clock are at most ${ms(long.clockDriftMs)} ms off the 30 s apart the fed audio put them${long.ended ? `; the call ended early: ${long.ended}` : ''}.`,
    )
  }
  if (result.failures.length) {
    parts.push(
      formatTable(
        ['failure → hand-back (voicemail + callback item)', 'calls', 'p50 ms', 'max ms', 'bound by construction', 'hand-back reason'],
        result.failures.map((row) => [row.failure, String(row.handBackMs.count), ms(row.handBackMs.p50), ms(row.handBackMs.max), `${row.bound}${row.boundMs ? ` (${row.boundMs} ms)` : ''}`, row.reason.slice(0, 70)]),
        { leftAlignFirst: true },
      ),
    )
  }
  return parts.join('\n\n')
}

if (process.env.BENCH_RECEPTIONIST_ROLE === 'media-server') {
  await serveMediaServer()
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => process.argv.find((value) => value.startsWith(`--${name}=`))?.split('=')[1]
  const result = await runReceptionistBench({ modelDelayMs: arg('delay') ? Number(arg('delay')) : undefined, turns: arg('turns') ? Number(arg('turns')) : undefined, levels: arg('levels')?.split(',').map(Number), only: arg('only')?.split(',') as BenchPart[] | undefined })
  console.log(formatReceptionistBench(result))
  console.log(`\nNode ${process.version}`)
}

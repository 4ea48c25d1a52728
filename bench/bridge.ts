/**
 * Bridge benchmark (issue #5, part b): what the media server adds to each 20 ms frame, at 1, 50
 * and 200 concurrent simulated calls against the Realtime stand-in.
 *
 * The media server runs alone in a child process (this file with BENCH_BRIDGE_ROLE=media-server),
 * so its CPU and memory are its own; the simulated Twilio calls and the stand-in share this
 * process. Each call hears the greeting, then asks the shipped caller question every 10 s, so
 * replies, turns and barge-ins all happen under load.
 *
 * - inbound (Twilio → Realtime): each caller frame carries its send time in its first 8 bytes
 *   (quiet μ-law codes, 0xF0 | nibble, about −60 dBFS so the VAD ignores them); the media
 *   server reads it back the moment it has handed the frame to the Realtime socket. The two
 *   processes' clocks (performance.timeOrigin + now) are aligned over IPC first, to ± half the
 *   best ping (reported).
 * - outbound (Realtime → Twilio): assistant audio is paced on purpose (playback.ts), so what
 *   the bridge adds is how late each frame leaves after its slot on the playback clock.
 * - dropped: caller frames the bridge did not forward (none should be lost once the Realtime
 *   session is ready; the few before `session.updated` are counted apart), and playback
 *   underruns (the caller's line went dry mid-answer).
 *
 * Run alone: `npx tsx bench/bridge.ts` (about a minute). Options: --levels=1,50,200 --seconds=12 --format=pcmu|pcm16
 */
import { BenchChild, pinToCpu } from './child-process'
import { formatTable } from './table'
import os from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { mulawEncode } from '../media-server/audio/index'
import type { BridgeProbe } from '../media-server/bridge'
import { createLogger } from '../media-server/log'
import { startMediaServer } from '../media-server/server'
import { startStreamApp } from '../media-server/testing/stream-app'
import { startEmbeddedDatabase } from '../lib/db/embedded'
import { applyMigrations } from '../lib/db/migrations'
import { callSession, streamToken, TEST_API_KEY, TEST_STREAM_SECRET, startBenchMediaServer } from '../media-server/testing/harness'
import { epochMs, TwilioPeer } from '../media-server/testing/twilio-peer'
import { FRAME_BYTES, MULAW_SILENCE } from '../media-server/twilio-stream'
import { loadClip, startRealtimeStandIn } from '../sandbox/realtime/index'

export interface BridgeBenchOptions {
  levels?: number[]
  windowSeconds?: number
  audioFormat?: 'pcmu' | 'pcm16'
  /** Pin the media server to core 1 and the load generator to core 0 (default true when possible). */
  pin?: boolean
}

interface Distribution {
  count: number
  p50: number
  p99: number
  p999: number
  max: number
}

export interface BridgeBenchRow {
  calls: number
  audioFormat: 'pcmu' | 'pcm16'
  /** Twilio's send → handed to the Realtime socket: network, queueing in the server and processing. */
  inboundMs: Distribution
  /** The server's own part: its `message` handler → handed to the Realtime socket. */
  inboundProcessingMs: Distribution
  outboundLateMs: Distribution
  framesSent: number
  framesForwarded: number
  droppedBeforeReady: number
  droppedAfterReady: number
  underruns: number
  bargeIns: number
  /** Share of one core per call (media server process, user + system). */
  cpuPerCallPercent: number
  /** Live JS heap per call (after a full GC), measured with the calls up. */
  heapPerCallKb: number
  /** Event-loop delay p99 of the simulated Twilio side: a loaded generator shows here. */
  generatorLagP99Ms: number
  /** Event-loop delay p99 of the media server (1 ms sampling timer). */
  serverLagP99Ms: number
}

const STAMP_BYTES = 8
const CYCLE_FRAMES = 500
const SPEECH_FROM_FRAME = 250
const WARM_UP_MS = 2500

// ——— shared: the send-time stamp ———

function stampNowUs(): number {
  return Math.floor(epochMs() * 1000) % 2 ** 32
}

function writeStamp(frame: Uint8Array, stampUs: number): void {
  for (let nibble = 0; nibble < STAMP_BYTES; nibble++) frame[nibble] = 0xf0 | ((stampUs >>> (4 * nibble)) & 0x0f)
}

function readStamp(frame: Uint8Array): number {
  let stamp = 0
  for (let nibble = 0; nibble < STAMP_BYTES; nibble++) stamp |= (frame[nibble] & 0x0f) << (4 * nibble)
  return stamp >>> 0
}

function distribution(values: number[]): Distribution {
  const sorted = Float64Array.from(values).sort()
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN)
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted.length ? sorted[sorted.length - 1] : NaN }
}

// ——— child: the media server under test ———

type ToChild =
  | { type: 'init'; baseURL: string; caPem: string; appUrl: string }
  | { type: 'ping'; id: number }
  | { type: 'offset'; offsetUs: number }
  | { type: 'baseline' }
  | { type: 'window-start' }
  | { type: 'window-end' }
  | { type: 'calls-ended'; expected: number }
  | { type: 'exit' }

async function serveMediaServer(): Promise<void> {
  const send = (message: object) => process.send!(message)
  let offsetUs = 0
  let measuring = false
  let inbound: number[] = []
  let processing: number[] = []
  let outbound: number[] = []
  let ended: Array<Record<string, number>> = []
  let windowStart = { cpu: process.cpuUsage(), atMs: performance.now() }
  let baselineHeap = 0
  const lag = monitorEventLoopDelay({ resolution: 1 })
  const probe: BridgeProbe = {
    inbound(payload, receivedAtMs) {
      if (!measuring) return
      processing.push(performance.now() - receivedAtMs)
      const latencyUs = (((stampNowUs() - offsetUs - readStamp(Buffer.from(payload.slice(0, 12), 'base64'))) % 2 ** 32) + 2 ** 32) % 2 ** 32
      inbound.push(latencyUs / 1000)
    },
    outbound(lateMs) {
      if (measuring) outbound.push(lateMs)
    },
  }
  // The media server's own structured log is the source of per-call counts.
  const log = createLogger((line) => {
    if (line.includes('"msg":"call ended"')) ended.push(JSON.parse(line))
    else if (line.includes('"level":"warn"') || line.includes('"level":"error"')) process.stderr.write(`${line}\n`)
  })
  let server: Awaited<ReturnType<typeof startMediaServer>> | undefined

  process.on('message', async (message: ToChild) => {
    switch (message.type) {
      case 'init':
        server = await startBenchMediaServer(message, { log, onHandBack: () => {}, probe })
        return send({ type: 'ready', streamUrl: server.streamUrl })
      case 'ping':
        return send({ type: 'pong', id: message.id, atUs: epochMs() * 1000 })
      case 'offset':
        offsetUs = message.offsetUs
        return
      case 'baseline':
        globalThis.gc?.()
        baselineHeap = process.memoryUsage().heapUsed
        return send({ type: 'baseline' })
      case 'window-start':
        inbound = []
        processing = []
        outbound = []
        ended = []
        measuring = true
        lag.reset()
        lag.enable()
        windowStart = { cpu: process.cpuUsage(), atMs: performance.now() }
        return send({ type: 'window-started' })
      case 'window-end': {
        measuring = false
        lag.disable()
        const cpu = process.cpuUsage(windowStart.cpu)
        const elapsedMs = performance.now() - windowStart.atMs
        // Live memory of the calls, not garbage awaiting collection.
        globalThis.gc?.()
        return send({
          type: 'window',
          inbound: distribution(inbound),
          processing: distribution(processing),
          outbound: distribution(outbound),
          cpuShare: (cpu.user + cpu.system) / 1000 / elapsedMs,
          heapGrowth: process.memoryUsage().heapUsed - baselineHeap,
          lagP99Ms: lag.percentile(99) / 1e6,
        })
      }
      case 'calls-ended': {
        while (server!.activeCalls() > 0 || ended.length < message.expected) await new Promise((resolve) => setTimeout(resolve, 20))
        return send({ type: 'calls', calls: ended })
      }
      case 'exit':
        await server?.shutdown(0)
        process.disconnect()
    }
  })
  send({ type: 'started' })
}

// ——— second child: the Realtime stand-in ———

async function serveStandIn(): Promise<void> {
  const standIn = await startRealtimeStandIn({ port: 0, speechSource: 'builtin', apiKey: TEST_API_KEY })
  process.on('message', async (message: { type: string }) => {
    if (message.type !== 'exit') return
    await standIn.close()
    process.disconnect()
  })
  process.send!({ type: 'ready', baseURL: standIn.baseURL, caPem: standIn.caPem })
}

// ——— parent: the simulated Twilio calls ———

const script = fileURLToPath(import.meta.url)
const benchChild = (role: 'media-server' | 'stand-in', cpu?: number) => new BenchChild(script, { BENCH_BRIDGE_ROLE: role }, { cpu, profileAs: role })

/** NTP-style: the child's clock minus ours, from the ping with the shortest round trip. */
async function clockOffset(child: BenchChild): Promise<{ offsetUs: number; uncertaintyUs: number }> {
  let best = { offsetUs: 0, rttUs: Infinity }
  for (let id = 0; id < 50; id++) {
    const sentUs = epochMs() * 1000
    const pong = await child.request<{ atUs: number; id: number }>({ type: 'ping', id }, 'pong', (reply) => reply.id === id)
    const receivedUs = epochMs() * 1000
    const rttUs = receivedUs - sentUs
    if (rttUs < best.rttUs) best = { offsetUs: pong.atUs - (sentUs + receivedUs) / 2, rttUs }
  }
  return { offsetUs: best.offsetUs, uncertaintyUs: best.rttUs / 2 }
}

function callerScript(callIndex: number, speech: Uint8Array): (index: number) => Uint8Array {
  // Calls ask their questions at different moments, as real callers would.
  const phase = (callIndex * 97) % CYCLE_FRAMES
  return (index) => {
    const frame = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE)
    const offset = (((index + phase) % CYCLE_FRAMES) - SPEECH_FROM_FRAME) * FRAME_BYTES
    if (offset >= 0 && offset < speech.length) frame.set(speech.subarray(offset, offset + FRAME_BYTES))
    writeStamp(frame, stampNowUs())
    return frame
  }
}

export async function runBridgeBench(options: BridgeBenchOptions = {}): Promise<{ rows: BridgeBenchRow[]; clockUncertaintyUs: number }> {
  const levels = options.levels ?? [1, 50, 200]
  const windowMs = (options.windowSeconds ?? 12) * 1000
  const audioFormat = options.audioFormat ?? 'pcmu'
  const pinned = options.pin !== false && os.availableParallelism() >= 2 && pinToCpu(process.pid, 0)
  const standIn = benchChild('stand-in', pinned ? 0 : undefined)
  const mediaServer = benchChild('media-server', pinned ? 1 : undefined)
  const rows: BridgeBenchRow[] = []
  // The app's stream checks (auth token, one-time claim) answered here, on a database of its own.
  const database = await startEmbeddedDatabase()
  await applyMigrations((process.env.DATABASE_URL = database.url))
  const app = await startStreamApp(TEST_STREAM_SECRET)
  try {
    const { baseURL, caPem } = await standIn.request<{ baseURL: string; caPem: string }>(null, 'ready')
    await mediaServer.request(null, 'started')
    const { streamUrl } = await mediaServer.request<{ streamUrl: string }>({ type: 'init', baseURL, caPem, appUrl: app.url }, 'ready')
    const clock = await clockOffset(mediaServer)
    mediaServer.send({ type: 'offset', offsetUs: clock.offsetUs })
    const speech = mulawEncode(loadClip('caller-question').samples)

    for (const calls of levels) {
      await mediaServer.request({ type: 'baseline' }, 'baseline')
      const peers: TwilioPeer[] = []
      // Calls arrive over a second or two, not all in the same millisecond.
      const spreadMs = Math.min(2000, calls * 10)
      for (let index = 0; index < calls; index++) {
        const session = callSession({ audioFormat })
        peers.push(await TwilioPeer.connect({ url: streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) }, callerFrame: callerScript(index, speech) }))
        await new Promise((resolve) => setTimeout(resolve, spreadMs / calls))
      }
      await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS))
      const lag = monitorEventLoopDelay({ resolution: 1 })
      lag.enable()
      await mediaServer.request({ type: 'window-start' }, 'window-started')
      await new Promise((resolve) => setTimeout(resolve, windowMs))
      const window = await mediaServer.request<{ inbound: Distribution; processing: Distribution; outbound: Distribution; cpuShare: number; heapGrowth: number; lagP99Ms: number }>({ type: 'window-end' }, 'window')
      lag.disable()
      for (const peer of peers) peer.stop()
      await Promise.all(peers.map((peer) => peer.closed))
      const { calls: ended } = await mediaServer.request<{ calls: Array<Record<string, number>> }>({ type: 'calls-ended', expected: calls }, 'calls')
      const sum = (field: string) => ended.reduce((total, call) => total + (call[field] ?? 0), 0)
      rows.push({
        calls,
        audioFormat,
        inboundMs: window.inbound,
        inboundProcessingMs: window.processing,
        outboundLateMs: window.outbound,
        framesSent: peers.reduce((total, peer) => total + peer.framesSent, 0),
        framesForwarded: sum('framesForwarded'),
        droppedBeforeReady: sum('framesDropped'),
        droppedAfterReady: sum('framesIn') - sum('framesForwarded') - sum('framesDropped'),
        underruns: sum('underruns'),
        bargeIns: sum('bargeIns'),
        cpuPerCallPercent: (100 * window.cpuShare) / calls,
        heapPerCallKb: window.heapGrowth / calls / 1024,
        generatorLagP99Ms: lag.percentile(99) / 1e6,
        serverLagP99Ms: window.lagP99Ms,
      })
    }
    return { rows, clockUncertaintyUs: clock.uncertaintyUs }
  } finally {
    for (const child of [mediaServer, standIn]) child.send({ type: 'exit' })
    await Promise.all([mediaServer.exited(), standIn.exited()])
    await app.close()
    await database.stop()
  }
}

export function formatBridgeTable(rows: readonly BridgeBenchRow[]): string {
  const header = ['calls', 'format', 'in p50 ms', 'in p99 ms', 'in p99.9 ms', 'in max ms', 'in handler p99 ms', 'out late p99 ms', 'out late max ms', 'frames in', 'dropped (before ready)', 'underruns', 'barge-ins', 'CPU %/call', 'heap KB/call', 'server lag p99 ms', 'generator lag p99 ms']
  const ms = (value: number) => value.toFixed(2)
  const lines = rows.map((row) => [
    String(row.calls),
    row.audioFormat,
    ms(row.inboundMs.p50),
    ms(row.inboundMs.p99),
    ms(row.inboundMs.p999),
    ms(row.inboundMs.max),
    ms(row.inboundProcessingMs.p99),
    ms(row.outboundLateMs.p99),
    ms(row.outboundLateMs.max),
    String(row.framesSent),
    `${row.droppedAfterReady} (${row.droppedBeforeReady})`,
    String(row.underruns),
    String(row.bargeIns),
    row.cpuPerCallPercent.toFixed(2),
    row.heapPerCallKb.toFixed(0),
    ms(row.serverLagP99Ms),
    ms(row.generatorLagP99Ms),
  ])
  return formatTable(header, lines)
}

if (process.env.BENCH_BRIDGE_ROLE === 'media-server') {
  await serveMediaServer()
} else if (process.env.BENCH_BRIDGE_ROLE === 'stand-in') {
  await serveStandIn()
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => process.argv.find((value) => value.startsWith(`--${name}=`))?.split('=')[1]
  const { rows, clockUncertaintyUs } = await runBridgeBench({
    levels: arg('levels')?.split(',').map(Number),
    windowSeconds: arg('seconds') ? Number(arg('seconds')) : undefined,
    audioFormat: arg('format') as 'pcmu' | 'pcm16' | undefined,
  })
  console.log(formatBridgeTable(rows))
  console.log(`\nNode ${process.version}; clocks aligned to ±${(clockUncertaintyUs / 1000).toFixed(3)} ms; inbound = Twilio send → handed to the Realtime socket.`)
}

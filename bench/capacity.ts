/**
 * Capacity benchmark (issue #17): how many concurrent calls one core of this media server carries
 * cleanly, beside a plain bridge (bench/plain-bridge.ts: what twilio-samples' `index.js` does),
 * through the same simulated calls at rising concurrency.
 *
 * Processes: each server under test in its own child pinned to core 1 (`taskset`), one at a time,
 * alternating at every level; the simulated Twilio calls (capacity-twilio.ts) and a light Realtime
 * stand-in (capacity-realtime.ts) share this process on core 0. μ-law passthrough both ways.
 *
 * Per server and level: CPU per call (the server process, user + system, over the window), dry
 * playback ticks at the simulated Twilio side, inbound latency p99 (Twilio send → append received
 * by the stand-in, one clock), event-loop lag p99 of the server, and whether the level was clean:
 * no dry tick, inbound p99 within INBOUND_P99_BOUND_MS, and every caller frame forwarded.
 *
 * Run alone: `npx tsx bench/capacity.ts` (about 8 min). Options:
 * --levels=50,100,150,200,250,300,350,400 --seconds=8 --rounds=2 --servers=media-server,plain,media-server@3 --keep-going
 */
import os from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startEmbeddedDatabase } from '../lib/db/embedded'
import { applyMigrations } from '../lib/db/migrations'
import { appStreamGate } from '../media-server/app-gate'
import { createLogger } from '../media-server/log'
import { openAiConnector } from '../media-server/realtime-session'
import { startMediaServer } from '../media-server/server'
import { TEST_AUTH_TOKEN } from '../media-server/testing/accounts'
import { callSession, streamToken, TEST_API_KEY, TEST_STREAM_SECRET } from '../media-server/testing/harness'
import { startStreamApp } from '../media-server/testing/stream-app'
import { BenchChild, pinToCpu } from './child-process'
import { startLightRealtime } from './capacity-realtime'
import { TwilioCrowd, type AudioLedger } from './capacity-twilio'
import { startFloorBridge } from './floor-bridge'
import { startPlainBridge } from './plain-bridge'
import { formatTable } from './table'

/**
 * `plain`, `media-server` (its defaults), `media-server@N` (N caller frames per append, a lever),
 * or `floor`: the wire cost alone of the media server's messages (floor-bridge.ts).
 */
export type ServerKind = 'plain' | 'floor' | 'media-server' | `media-server@${number}`

/**
 * The inbound bound both servers must meet: 100 ms at p99 from Twilio's send to the Realtime
 * socket. It is how much later the model hears the caller (and so notices a barge-in) than a
 * zero-cost bridge would let it; well under the server VAD's own 500 ms of silence before a turn
 * ends and its 300 ms of prefix padding, so turn-taking is unchanged. This media server spends
 * 40 ms of it on purpose (three frames to an append, caller-audio.ts); the stand-in measures the
 * first, oldest frame of each append.
 */
export const INBOUND_P99_BOUND_MS = 100
const WARM_UP_MS = 2500

export interface CapacityRow {
  server: ServerKind
  round: number
  calls: number
  coreSharePercent: number
  /** Server CPU per call carried, in % of a core: 100 ÷ this is the calls one core could carry. */
  cpuPerCallPercent: number
  dryTicks: number
  /** Most audio held unplayed at Twilio by any call: the plain bridge parks whole answers there. */
  twilioBufferMaxMs: number
  inboundP99Ms: number
  forwardedPercent: number
  serverLagP99Ms: number
  generatorLagP99Ms: number
  /** This process (simulated Twilio + Realtime stand-in), in % of its core: above ~90 it is the bottleneck. */
  generatorCorePercent: number
  /** Generator ticks more than a frame late (this process was descheduled), of 50 a second. */
  generatorLateTicks: number
  clean: boolean
}

export interface CapacityOptions {
  levels?: number[]
  windowSeconds?: number
  rounds?: number
  servers?: ServerKind[]
  /** Run every level even after a server failed one (for comparing CPU per call). */
  keepGoing?: boolean
}

// ——— child: one server under test ———

async function serveUnderTest(kind: ServerKind): Promise<void> {
  const send = (message: object) => process.send!(message)
  const lag = monitorEventLoopDelay({ resolution: 1 })
  let window = { cpu: process.cpuUsage(), atMs: performance.now() }
  let server: { streamUrl: string; activeCalls(): number; close(): Promise<void> } | undefined
  process.on('message', async (message: { type: string; baseURL?: string; caPem?: string; appUrl?: string }) => {
    switch (message.type) {
      case 'init': {
        const realtimeUrl = message.baseURL!
        if (kind === 'plain' || kind === 'floor') {
          const start = kind === 'plain' ? startPlainBridge : startFloorBridge
          server = await start({ realtimeUrl: `${realtimeUrl.replace(/^https/, 'wss')}/realtime`, apiKey: TEST_API_KEY, ca: message.caPem! })
        } else {
          const log = createLogger((line) => {
            if (line.includes('"level":"warn"') || line.includes('"level":"error"')) process.stderr.write(`${line}\n`)
          })
          const media = await startMediaServer({
            port: 0,
            log,
            streamSecret: TEST_STREAM_SECRET,
            gate: appStreamGate(message.appUrl!, TEST_STREAM_SECRET),
            connectRealtime: openAiConnector({ apiKey: TEST_API_KEY, baseURL: realtimeUrl, model: 'gpt-realtime', ca: () => message.caPem, sandbox: true }),
            onHandBack: () => {},
            // The light stand-in announces each barge-in with no caller audio behind it; like the
            // plain bridge, stop on the announcement (the guard's listening is not measured here).
            minBargeInMs: 0,
            ...(kind.includes('@') ? { framesPerAppend: Number(kind.split('@')[1]) } : {}),
          })
          server = { streamUrl: media.streamUrl, activeCalls: media.activeCalls, close: () => media.shutdown(0) }
        }
        return send({ type: 'ready', streamUrl: server.streamUrl })
      }
      case 'window-start':
        lag.reset()
        lag.enable()
        window = { cpu: process.cpuUsage(), atMs: performance.now() }
        return send({ type: 'window-started' })
      case 'window-end': {
        const cpu = process.cpuUsage(window.cpu)
        lag.disable()
        return send({ type: 'window', coreShare: (cpu.user + cpu.system) / 1000 / (performance.now() - window.atMs), lagP99Ms: lag.percentile(99) / 1e6 })
      }
      case 'drained': {
        while (server!.activeCalls() > 0) await new Promise((resolve) => setTimeout(resolve, 20))
        return send({ type: 'drained' })
      }
      case 'exit':
        await server?.close()
        process.disconnect()
    }
  })
  send({ type: 'started' })
}

// ——— parent: the simulated calls ———

function p99(values: number[]): number {
  if (values.length === 0) return NaN
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function runCapacityBench(options: CapacityOptions = {}): Promise<CapacityRow[]> {
  const levels = options.levels ?? [50, 100, 150, 200, 250, 300, 350, 400]
  const windowMs = (options.windowSeconds ?? 8) * 1000
  const rounds = options.rounds ?? 2
  const kinds = options.servers ?? ['media-server', 'plain', 'floor']
  const pinned = os.availableParallelism() >= 2 && pinToCpu(process.pid, 0)
  const script = fileURLToPath(import.meta.url)
  const children = new Map(kinds.map((kind) => [kind, new BenchChild(script, { BENCH_CAPACITY_ROLE: kind }, { cpu: pinned ? 1 : undefined, profileAs: kind })]))
  const ledgers = new Map<number, AudioLedger>()
  const realtime = await startLightRealtime(ledgers)
  // The app's stream checks (auth token, one-time claim) answered here, on a database of its
  // own: paid once per call, at its start, outside the measured window.
  const database = await startEmbeddedDatabase()
  await applyMigrations((process.env.DATABASE_URL = database.url))
  const app = await startStreamApp(TEST_STREAM_SECRET)
  const rows: CapacityRow[] = []
  try {
    const urls = new Map<ServerKind, string>()
    for (const [kind, child] of children) {
      await child.request(null, 'started')
      urls.set(kind, (await child.request<{ streamUrl: string }>({ type: 'init', baseURL: realtime.baseURL, caPem: realtime.caPem, appUrl: app.url }, 'ready')).streamUrl)
    }
    const generatorLag = monitorEventLoopDelay({ resolution: 1 })
    for (let round = 1; round <= rounds; round++) {
      const failed = new Set<ServerKind>()
      for (const [levelIndex, calls] of levels.entries()) {
        // Alternate which server goes first, so neither always meets a warmer machine.
        const order = (round + levelIndex) % 2 === 0 ? kinds : [...kinds].reverse()
        for (const kind of order) {
          if (failed.has(kind) && !options.keepGoing) continue
          const child = children.get(kind)!
          const crowd = new TwilioCrowd(urls.get(kind)!, ledgers, TEST_AUTH_TOKEN)
          if (process.env.BENCH_VERBOSE) console.error(`round ${round}: ${calls} calls on ${kind}`)
          const spreadMs = Math.min(2000, calls * 5)
          for (let index = 0; index < calls; index++) {
            const session = callSession({ audioFormat: 'pcmu' })
            await crowd.connect(index, session.callSid, { token: streamToken(session) })
            await sleep(spreadMs / calls)
          }
          await sleep(WARM_UP_MS)
          await child.request({ type: 'window-start' }, 'window-started')
          crowd.resetCounters()
          crowd.measuring = true
          realtime.inboundMs = []
          realtime.frames = 0
          realtime.measuring = true
          generatorLag.reset()
          generatorLag.enable()
          const generatorStart = { cpu: process.cpuUsage(), atMs: performance.now() }
          await sleep(windowMs)
          const generatorCpu = process.cpuUsage(generatorStart.cpu)
          const generatorCorePercent = (100 * (generatorCpu.user + generatorCpu.system)) / 1000 / (performance.now() - generatorStart.atMs)
          crowd.measuring = false
          realtime.measuring = false
          generatorLag.disable()
          const window = await child.request<{ coreShare: number; lagP99Ms: number }>({ type: 'window-end' }, 'window')
          await crowd.hangUpAll()
          await child.request({ type: 'drained' }, 'drained')
          const inboundP99Ms = p99(realtime.inboundMs)
          // Frames sent in the window's last moments may land just after it: allow a tick's worth.
          const forwardedPercent = (100 * Math.min(realtime.frames + calls, crowd.framesSent)) / crowd.framesSent
          const row: CapacityRow = {
            server: kind,
            round,
            calls,
            coreSharePercent: 100 * window.coreShare,
            // Per call-second actually carried (caller frames that reached the stand-in ÷ 50),
            // not per call connected: a generator starved by other load carries less.
            cpuPerCallPercent: (100 * window.coreShare * (windowMs / 1000)) / (realtime.frames / 50),
            dryTicks: crowd.dryTicks,
            twilioBufferMaxMs: crowd.maxBufferedBytes / 8,
            inboundP99Ms,
            forwardedPercent,
            serverLagP99Ms: window.lagP99Ms,
            generatorLagP99Ms: generatorLag.percentile(99) / 1e6,
            generatorCorePercent,
            generatorLateTicks: crowd.lateTicks,
            clean: crowd.dryTicks === 0 && inboundP99Ms <= INBOUND_P99_BOUND_MS && forwardedPercent >= 99.9,
          }
          rows.push(row)
          if (!row.clean) failed.add(kind)
          if (process.env.BENCH_VERBOSE) console.error(JSON.stringify(row))
        }
        if (failed.size === kinds.length && !options.keepGoing) break
      }
    }
    return rows
  } finally {
    for (const child of children.values()) child.send({ type: 'exit' })
    await Promise.all([...children.values()].map((child) => child.exited()))
    await realtime.close()
    await app.close()
    await database.stop()
  }
}

/** Highest clean level per server and round (a level counts only if every lower one was clean too). */
export function highestClean(rows: readonly CapacityRow[], server: ServerKind, round: number): number {
  let highest = 0
  for (const row of rows.filter((candidate) => candidate.server === server && candidate.round === round).sort((a, b) => a.calls - b.calls)) {
    if (!row.clean) break
    highest = row.calls
  }
  return highest
}

export function formatCapacityTable(rows: readonly CapacityRow[]): string {
  const header = ['round', 'calls', 'server', 'core %', 'CPU %/call', 'dry ticks', 'Twilio buffer max ms', 'in p99 ms', 'forwarded %', 'server lag p99 ms', 'generator lag p99 ms', 'generator core %', 'generator late ticks', 'clean']
  const lines = [...rows]
    .sort((a, b) => a.round - b.round || a.calls - b.calls || a.server.localeCompare(b.server))
    .map((row) => [
      String(row.round),
      String(row.calls),
      row.server,
      row.coreSharePercent.toFixed(0),
      row.cpuPerCallPercent.toFixed(3),
      String(row.dryTicks),
      row.twilioBufferMaxMs.toFixed(0),
      row.inboundP99Ms.toFixed(1),
      row.forwardedPercent.toFixed(2),
      row.serverLagP99Ms.toFixed(1),
      row.generatorLagP99Ms.toFixed(1),
      row.generatorCorePercent.toFixed(0),
      String(row.generatorLateTicks),
      row.clean ? 'yes' : 'no',
    ])
  return formatTable(header, lines, { leftAlignFirst: false })
}

/** Median CPU per call of a server over all levels of a round, and the calls one core would carry at that cost. */
export function callsPerCore(rows: readonly CapacityRow[], server: ServerKind, round: number): number {
  const costs = rows.filter((row) => row.server === server && row.round === round).map((row) => row.cpuPerCallPercent).sort((a, b) => a - b)
  return costs.length ? 100 / costs[Math.floor(costs.length / 2)]! : NaN
}

export function formatCapacitySummary(rows: readonly CapacityRow[]): string {
  const rounds = [...new Set(rows.map((row) => row.round))]
  const ours = [...new Set(rows.map((row) => row.server))].filter((server) => server !== 'plain')
  const header = ['round', 'plain: highest clean', 'plain: calls/core by CPU', ...ours.flatMap((server) => [`${server}: highest clean`, 'ratio', `${server}: calls/core by CPU`, 'ratio'])]
  const lines = rounds.map((round) => {
    const plain = highestClean(rows, 'plain', round)
    const plainPerCore = callsPerCore(rows, 'plain', round)
    return [
      String(round),
      String(plain),
      plainPerCore.toFixed(0),
      ...ours.flatMap((server) => {
        const highest = highestClean(rows, server, round)
        const perCore = callsPerCore(rows, server, round)
        return [String(highest), plain ? (highest / plain).toFixed(2) : '—', perCore.toFixed(0), (perCore / plainPerCore).toFixed(2)]
      }),
    ]
  })
  return formatTable(header, lines)
}

const role = process.env.BENCH_CAPACITY_ROLE as ServerKind | undefined
if (role) {
  await serveUnderTest(role)
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => process.argv.find((value) => value.startsWith(`--${name}=`))?.split('=')[1]
  const rows = await runCapacityBench({
    levels: arg('levels')?.split(',').map(Number),
    windowSeconds: arg('seconds') ? Number(arg('seconds')) : undefined,
    rounds: arg('rounds') ? Number(arg('rounds')) : undefined,
    servers: arg('servers')?.split(',') as ServerKind[] | undefined,
    keepGoing: process.argv.includes('--keep-going'),
  })
  console.log(formatCapacityTable(rows))
  console.log(`\n${formatCapacitySummary(rows)}`)
  console.log(`\nNode ${process.version}; load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}; clean = no dry tick, inbound p99 ≤ ${INBOUND_P99_BOUND_MS} ms, every frame forwarded.`)
}

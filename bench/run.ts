// `npm run bench`: every benchmark in one run, each printing its table.
import os from 'node:os'
import { formatAudioTable, measureCodec, runAudioBench } from './audio'
import { formatBridgeTable, runBridgeBench } from './bridge'
import { formatCapacitySummary, formatCapacityTable, INBOUND_P99_BOUND_MS, runCapacityBench } from './capacity'
import { formatDatabaseTable, runDatabaseBench } from './database'
import { formatReceptionistBench, runReceptionistBench } from './receptionist'
import { formatVoiceWebhookTable, runVoiceWebhookBench } from './voice-webhooks'

console.log('Audio pipeline (media-server/audio): ours (WebAssembly SIMD and JS), the previous resampler, libsamplerate and a naive pair, same run and input\n')
console.log(formatAudioTable(await runAudioBench()))
const codec = measureCodec()
console.log(`\nμ-law codec alone: decode ${codec.decodeRealtimeFactor.toFixed(0)}× real time, encode ${codec.encodeRealtimeFactor.toFixed(0)}× real time (per core)`)

console.log('\nBridge (media server) at 1, 50 and 200 concurrent calls against the Realtime stand-in\n')
const bridge = await runBridgeBench()
console.log(formatBridgeTable(bridge.rows))
console.log(`\nNode ${process.version}; clocks aligned to ±${(bridge.clockUncertaintyUs / 1000).toFixed(3)} ms; see bench/README.md for the columns.`)

console.log('\nCapacity: this media server beside a plain bridge (twilio-samples index.js), alternating, each pinned to one core\n')
const capacity = await runCapacityBench()
console.log(formatCapacityTable(capacity))
console.log(`\n${formatCapacitySummary(capacity)}`)
console.log(`\nload average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}; clean = no dry tick, inbound p99 ≤ ${INBOUND_P99_BOUND_MS} ms, every frame forwarded.`)

console.log('\nAI receptionist: turn latency beside the model delay (1 and 50 calls), first greeting with and without pre-warm, a 30-minute call\n')
console.log(formatReceptionistBench(await runReceptionistBench()))

console.log('\nDatabase under 50 concurrent users through the production build, embedded PostgreSQL beside PostgreSQL 15\n')
console.log(formatDatabaseTable(await runDatabaseBench()))

console.log('\nVoice webhooks (signed incoming and status callbacks) beside a bare route, same run\n')
console.log(formatVoiceWebhookTable(await runVoiceWebhookBench()))

/**
 * The media server process (`npm run media-server`). Never imports Next.js: it shares only
 * pure modules with the app (the stream token).
 */
import cluster from 'node:cluster'
import { ConfigError, parseMediaServerConfig, type MediaServerConfig } from './config'
import { appInternalApi, appStreamGate } from './app-gate'
import { appCallReports, appReceptionist } from './receptionist-app'
import { appHandBack } from './hand-back'
import { createLogger, type Logger } from './log'
import { openAiConnector } from './realtime-session'
import { startMediaServer } from './server'
import { superviseWorkers } from './workers'

const log = createLogger()

let config: MediaServerConfig
try {
  config = parseMediaServerConfig(process.env)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  process.stderr.write(`${error.message}\n`)
  process.exit(1)
}
log.protect(config.streamSecret)
log.protect(config.realtime.apiKey)

if (config.workers > 1 && cluster.isPrimary) superviseWorkers(config.workers, log)
else await serve(cluster.isWorker ? log.child({ workerId: cluster.worker!.id }) : log)

async function serve(log: Logger): Promise<void> {
  const internalApi = appInternalApi(config.appUrl, config.streamSecret)
  const server = await startMediaServer({
    port: config.port,
    host: config.host,
    log,
    publicUrl: config.publicUrl,
    streamSecret: config.streamSecret,
    gate: appStreamGate(config.appUrl, config.streamSecret),
    receptionist: appReceptionist(internalApi),
    reportCall: appCallReports(internalApi),
    connectRealtime: openAiConnector(config.realtime),
    onHandBack: (handBack) => void appHandBack(config.handBackUrl, config.streamSecret, log)(handBack),
    leadMs: config.leadMs,
    chunkMs: config.chunkMs,
    framesPerAppend: config.framesPerAppend,
    minBargeInMs: config.minBargeInMs,
    preWarmMs: config.preWarmMs,
  })
  log.info('media server ready', {
    streamUrl: server.streamUrl,
    realtime: config.realtime.sandbox ? `sandbox stand-in at ${config.realtime.baseURL}` : config.realtime.baseURL,
    model: config.realtime.model,
  })

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info('shutdown requested', { signal, activeCalls: server.activeCalls() })
      // A second signal means "now": the grace period is skipped.
      process.once(signal, () => void server.shutdown(0))
      void server.shutdown(config.shutdownGraceMs).then(() => {
        process.exitCode = 0
        // A worker's channel to the cluster primary would keep it alive.
        cluster.worker?.disconnect()
      })
    })
  }
}

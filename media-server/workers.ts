/**
 * One media server process per core behind one port (MEDIA_SERVER_WORKERS > 1). Node's cluster
 * primary owns the listening socket and hands each new connection to a worker in turn, so a
 * call lives in one worker from start to end; workers share nothing else (each has its own
 * pacer, calls and Realtime sockets). The primary only supervises: it replaces a worker that
 * dies, and passes SIGTERM / SIGINT on so every worker drains its own calls.
 */
import cluster, { type Worker } from 'node:cluster'
import type { Logger } from './log'

/** A worker that dies within this long of its start is not restarted (a crash loop, e.g. a bad port). */
const MIN_LIFETIME_MS = 5000

export function superviseWorkers(count: number, log: Logger): void {
  let stopping = false
  const startedAt = new Map<Worker, number>()
  const start = () => {
    const worker = cluster.fork()
    startedAt.set(worker, Date.now())
  }
  for (let index = 0; index < count; index++) start()

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0)
    startedAt.delete(worker)
    if (stopping) {
      if (startedAt.size === 0) log.info('all media server workers stopped')
      return
    }
    log.error('media server worker died', { workerId: worker.id, code, signal })
    if (lived >= MIN_LIFETIME_MS) start()
    else if (startedAt.size === 0) process.exitCode = 1
  })

  for (const name of ['SIGTERM', 'SIGINT'] as const) {
    process.on(name, () => {
      stopping = true
      log.info('passing shutdown to the workers', { signal: name, workers: startedAt.size })
      for (const worker of startedAt.keys()) worker.process.kill(name)
    })
  }
  log.info('media server workers started', { workers: count })
}

import PgBoss from 'pg-boss'

// The app's one durable job queue: pg-boss on the app's own PostgreSQL (no other service to run).
// pg-boss 10.4.2 is pinned: it is the newest release that declares support for Node 20, which is
// what the project declares (package.json engines); 11 and 12 require Node 22. Jobs survive
// restarts, retry with backoff, and queue policies give "one active job per key" in the database.
//
// One instance per process, kept on globalThis because Next.js loads instrumentation.ts and the
// route handlers as separate module graphs (and dev reloads modules): all share this boss.

export interface JobDefinition<Data extends object = object> {
  name: string
  /** Queue policy and retry settings, applied to the queue in the database at start. */
  queue: Omit<PgBoss.Queue, 'name'>
  work: (job: PgBoss.JobWithMetadata<Data>) => Promise<void>
  /** A cron expression (UTC) on which pg-boss sends this job by itself. */
  schedule?: { cron: string; data: Data }
}

// A list of queues holds definitions of different data types; each worker gets its own type back.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any>

export interface JobsOptions {
  connectionString: string
  /** The PostgreSQL schema pg-boss keeps its tables in; tests use their own. */
  schema?: string
  pollingIntervalSeconds?: number
}

const globalForJobs = globalThis as unknown as { hekaxJobs?: PgBoss }

export function jobs(): PgBoss {
  const boss = globalForJobs.hekaxJobs
  if (!boss) throw new Error('The job queue is not running: it starts with the app (instrumentation.ts)')
  return boss
}

export const jobsRunning = () => Boolean(globalForJobs.hekaxJobs)

/** Starts this process's job queue (see startBoss); later calls return the running one. */
export async function startJobs(options: JobsOptions, definitions: AnyJobDefinition[]): Promise<PgBoss> {
  globalForJobs.hekaxJobs ??= await startBoss(options, definitions)
  return globalForJobs.hekaxJobs
}

/** Starts a pg-boss instance, makes or updates each queue, starts its worker and schedule. */
export async function startBoss(options: JobsOptions, definitions: AnyJobDefinition[]): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: options.connectionString, schema: options.schema ?? 'pgboss', max: 4 })
  // A failing poll or maintenance run is logged and retried by pg-boss; it must not crash the app.
  boss.on('error', (error) => console.error('job queue error', error))
  await boss.start()
  for (const definition of definitions) {
    const existing = await boss.getQueue(definition.name)
    if (existing) await boss.updateQueue(definition.name, { ...definition.queue, name: definition.name })
    else await boss.createQueue(definition.name, { ...definition.queue, name: definition.name })
    await boss.work<object>(definition.name, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async ([job]) => {
      await definition.work(job!)
    })
    if (definition.schedule) await boss.schedule(definition.name, definition.schedule.cron, definition.schedule.data)
  }
  return boss
}

export async function stopJobs(): Promise<void> {
  const boss = globalForJobs.hekaxJobs
  globalForJobs.hekaxJobs = undefined
  await boss?.stop({ graceful: true, wait: true, timeout: 10_000 })
}

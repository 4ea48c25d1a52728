// Runs once when the Next.js server starts: an invalid configuration stops start-up here, with
// the message naming the variable, instead of failing on the first request. Then the job queue
// starts in this same process, so every way of running the app (`npm run dev`, `npm start`, the
// e2e stack) runs jobs without a second process to deploy; pg-boss shares work between instances.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { config } = await import('@/lib/config/env')
  config()
  const { startAppJobs } = await import('@/lib/jobs/app-jobs')
  await startAppJobs()
}

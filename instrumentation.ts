// Runs once when the Next.js server starts: an invalid configuration stops start-up here, with
// the message naming the variable, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { config } = await import('@/lib/config/env')
  config()
}

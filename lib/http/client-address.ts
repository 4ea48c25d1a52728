// The client address for coarse rate limits. With no trusted proxy in front a client can spoof
// X-Forwarded-For, so limits keyed on it are brakes, not the protection of an account (that is
// the per-email limit) — and the global limits do not depend on it at all.
export function clientAddress(forwardedFor: unknown): string {
  return typeof forwardedFor === 'string' && forwardedFor ? forwardedFor.split(',')[0]!.trim() : 'direct'
}

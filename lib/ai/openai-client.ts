import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import path from 'node:path'
import OpenAI from 'openai'
import { config } from '@/lib/config/env'

// The app's OpenAI client (post-call summaries). Live: OpenAI at OPENAI_BASE_URL. Sandbox: the
// stand-in (sandbox/realtime/) at the URL the media server uses, over TLS with its self-signed
// certificate, trusted for these requests only. The client does not retry: its callers are jobs,
// and pg-boss retries them.

export function openaiClient(): OpenAI {
  const settings = config().openai
  const base = { apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: 0, timeout: 60_000 }
  if (settings.mode === 'live') return new OpenAI(base)
  return new OpenAI({ ...base, fetch: fetchTrusting(() => readFileSync(path.resolve(settings.caFile), 'utf8')) })
}

/**
 * A fetch over node:https that trusts one extra certificate. Node's own fetch takes a CA only
 * through an undici dispatcher, which the project does not depend on; the certificate is read per
 * request because the stand-in writes it on its first start, possibly after ours.
 */
export function fetchTrusting(readCa: () => string): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      const headers = Object.fromEntries(new Headers(init?.headers).entries())
      const outgoing = request(url, { method: init?.method ?? 'GET', headers, ca: readCa(), signal: init?.signal ?? undefined }, (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('error', reject)
        incoming.on('end', () => {
          const responseHeaders = new Headers()
          for (const [name, value] of Object.entries(incoming.headers)) for (const each of [value ?? []].flat()) responseHeaders.append(name, each)
          resolve(new Response(chunks.length ? Buffer.concat(chunks) : null, { status: incoming.statusCode ?? 500, headers: responseHeaders }))
        })
      })
      outgoing.on('error', reject)
      outgoing.end(typeof init?.body === 'string' ? init.body : undefined)
    })
}

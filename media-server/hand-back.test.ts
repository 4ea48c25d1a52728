import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { mediaKey } from '../lib/telephony/media-keys'
import { verifySignedRequest } from '../lib/telephony/signed-request'
import { appHandBack } from './hand-back'
import { createLogger } from './log'

describe('hand-back to the app', () => {
  it('POSTs the call and the reason to APP_CALLBACK_URL, signed with the hand-back key and a timestamp', async () => {
    const received: Array<{ body: string; headers: Headers }> = []
    const app = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk) => (body += chunk))
      request.on('end', () => {
        received.push({ body, headers: new Headers(request.headers as Record<string, string>) })
        response.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
    const lines: string[] = []
    try {
      const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/voice/hand-back`
      const secret = 'stream-secret-0123456789abcdef0123456789'
      await appHandBack(url, secret, createLogger((line) => lines.push(line)))({ callSid: 'CA1', streamSid: 'MZ1', reason: 'realtime unavailable' })
      expect(JSON.parse(received[0].body)).toEqual({ callSid: 'CA1', streamSid: 'MZ1', reason: 'realtime unavailable' })
      const request = { method: 'POST', path: '/api/voice/hand-back', body: received[0].body }
      expect(verifySignedRequest(mediaKey(secret, 'hand-back'), received[0].headers, request)).toEqual({ ok: true })
      // Domain separation: the same request does not verify as an internal-API or stream-token signature.
      expect(verifySignedRequest(mediaKey(secret, 'internal-api'), received[0].headers, request)).toEqual({ ok: false, reason: 'bad-signature' })
      expect(JSON.parse(lines[0])).toMatchObject({ msg: 'app notified of the hand-back', callSid: 'CA1' })
    } finally {
      await new Promise((resolve) => app.close(resolve))
    }
  })

  it('records the hand-back in the log when no callback is configured', async () => {
    const lines: string[] = []
    await appHandBack(undefined, 'secret', createLogger((line) => lines.push(line)))({ callSid: 'CA2', streamSid: 'MZ2', reason: 'gone' })
    expect(JSON.parse(lines[0])).toMatchObject({ callSid: 'CA2', reason: 'gone' })
  })
})

import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { waitUntil } from './testing/harness'

describe('MEDIA_SERVER_WORKERS', () => {
  it('runs that many media server processes behind one port, and drains them all on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'media-server/main.ts'], {
      env: { ...process.env, NODE_ENV: 'test', MEDIA_SERVER_PORT: '0', MEDIA_SERVER_WORKERS: '2', MEDIA_STREAM_SECRET: 'w'.repeat(40), MEDIA_SERVER_SHUTDOWN_GRACE_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: Array<Record<string, unknown>> = []
    let partial = ''
    child.stdout.on('data', (data: Buffer) => {
      const text = partial + data.toString()
      const complete = text.split('\n')
      partial = complete.pop()!
      for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line))
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const ready = () => lines.filter((line) => line.msg === 'media server ready')
    await waitUntil(() => ready().length === 2, 20_000, 'two workers')

    // Both workers listen on the same port: the primary shares it.
    const urls = new Set(ready().map((line) => line.streamUrl))
    expect(urls.size).toBe(1)
    expect(new Set(ready().map((line) => line.workerId)).size).toBe(2)
    const port = new URL([...urls][0] as string).port
    const health = await fetch(`http://127.0.0.1:${port}/health`)
    expect(await health.json()).toMatchObject({ status: 'ok', activeCalls: 0 })

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(lines.filter((line) => line.msg === 'media server stopped')).toHaveLength(2)
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BenchChild } from './child-process'

describe('BenchChild', () => {
  it('keeps a message the child sent before anyone asked for it (the lost `started` that hung bench/bridge.ts)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-child-'))
    const script = path.join(dir, 'child.mjs')
    writeFileSync(
      script,
      `process.send({ type: 'started' })
process.on('message', (message) => {
  if (message.type === 'ping') process.send({ type: 'pong', id: message.id })
  if (message.type === 'exit') process.disconnect()
})
`,
    )
    const child = new BenchChild(script, {})
    // Ask only once the child has certainly sent `started`: its pong arrives after it.
    const pong = await child.request<{ id: number }>({ type: 'ping', id: 7 }, 'pong')
    expect(pong.id).toBe(7)
    await expect(child.request(null, 'started')).resolves.toEqual({ type: 'started' })
    child.send({ type: 'exit' })
    await child.exited()
  })
})

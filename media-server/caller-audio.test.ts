import { describe, expect, it } from 'vitest'
import { CallerAudioBatch } from './caller-audio'

const frame = (fill: number) => Buffer.alloc(160, fill).toString('base64')

describe('CallerAudioBatch', () => {
  it('joins three 20 ms frames into one append of their bytes, in order (not their base64, which ends in padding)', () => {
    const sent: string[] = []
    const batch = new CallerAudioBatch(3, 160, (audio) => sent.push(audio))
    batch.add(frame(1))
    batch.add(frame(2))
    expect(sent).toEqual([])
    batch.add(frame(3))
    expect(sent).toHaveLength(1)
    expect(Buffer.from(sent[0], 'base64')).toEqual(Buffer.concat([Buffer.alloc(160, 1), Buffer.alloc(160, 2), Buffer.alloc(160, 3)]))
    batch.add(frame(4))
    batch.flush()
    expect(Buffer.from(sent[1], 'base64')).toEqual(Buffer.alloc(160, 4))
  })

  it('passes frames straight through with one frame per append', () => {
    const sent: string[] = []
    const batch = new CallerAudioBatch(1, 160, (audio) => sent.push(audio))
    batch.add(frame(9))
    expect(sent).toEqual([frame(9)])
  })

  it('sends what it gathered, then an oversized frame on its own; reset forgets', () => {
    const sent: string[] = []
    const batch = new CallerAudioBatch(2, 160, (audio) => sent.push(audio))
    batch.add(frame(1))
    const big = Buffer.alloc(400, 5).toString('base64')
    batch.add(big)
    expect(sent.map((audio) => Buffer.from(audio, 'base64').length)).toEqual([160, 400])
    batch.add(frame(1))
    batch.reset()
    batch.flush()
    expect(sent).toHaveLength(2)
  })
})

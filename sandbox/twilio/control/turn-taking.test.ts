import { describe, expect, it } from 'vitest'
import { tone } from '../audio/tones'
import { ManualClock } from '../clock'
import { SimulatedPhone } from '../engine/party'
import { speakWhenQuiet } from './turn-taking'

describe('a simulated caller who waits for their turn', () => {
  const setUp = () => {
    const clock = new ManualClock()
    const phone = new SimulatedPhone(() => clock.now())
    speakWhenQuiet(phone, clock, { samples: tone(300, 400), text: 'my question' }, 700)
    return { clock, phone, said: () => phone.spoken.textsBetween(0, Number.MAX_SAFE_INTEGER) }
  }

  it('says nothing before hearing anyone, speaks after the greeting and then the quiet', async () => {
    const { clock, phone, said } = setUp()
    await clock.advance(2_000)
    expect(said()).toEqual([])
    phone.hear(tone(440, 1_000), clock.now()) // the greeting
    await clock.advance(1_000 + 600)
    expect(said()).toEqual([]) // still inside the quiet it waits for
    await clock.advance(200)
    expect(said()).toEqual(['my question'])
  })

  it('a pause shorter than the quiet is not its turn', async () => {
    const { clock, phone, said } = setUp()
    phone.hear(tone(440, 500), clock.now())
    phone.hear(tone(440, 500), clock.now() + 900) // 400 ms pause between two sentences
    await clock.advance(1_400 + 600)
    expect(said()).toEqual([])
    await clock.advance(200)
    expect(said()).toEqual(['my question'])
  })

  it('speaks anyway when it hears nothing for 30 s, and not at all once the call has ended', async () => {
    const waiting = setUp()
    await waiting.clock.advance(30_100)
    expect(waiting.said()).toEqual(['my question'])
    const ended = setUp()
    ended.phone.hangUp()
    await ended.clock.advance(31_000)
    expect(ended.said()).toEqual([])
  })
})

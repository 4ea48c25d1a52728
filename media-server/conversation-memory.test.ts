import { describe, expect, it } from 'vitest'
import { ConversationMemory, heardPart } from './conversation-memory'

describe('ConversationMemory', () => {
  it('keeps turns in the order their items joined, whenever their transcripts arrive', () => {
    const memory = new ConversationMemory()
    memory.added('item_user1', 'caller')
    memory.added('item_asst1', 'assistant')
    // The assistant's transcript first: input transcription may finish after the response.
    memory.transcript('item_asst1', 'assistant', 'We open at nine tomorrow.')
    memory.transcript('item_user1', 'caller', ' When do you open? ')
    memory.added('item_later', 'caller', new Date('2026-12-02T10:00:00Z'))
    memory.transcript('item_later', 'caller', 'Thanks.')
    expect(memory.turns()).toEqual([
      { speaker: 'caller', text: 'When do you open?', startedAt: expect.any(String), interrupted: false },
      { speaker: 'assistant', text: 'We open at nine tomorrow.', startedAt: expect.any(String), interrupted: false },
      { speaker: 'caller', text: 'Thanks.', startedAt: '2026-12-02T10:00:00.000Z', interrupted: false },
    ])
  })

  it('leaves out items without words (noise) and cuts an interrupted answer to what was heard', () => {
    const memory = new ConversationMemory()
    memory.transcript('item_noise', 'caller', '')
    memory.added('item_a', 'assistant')
    memory.assistantAudio('item_a', 1000)
    memory.assistantAudio('item_a', 1000)
    memory.transcript('item_a', 'assistant', 'one two three four five six seven eight')
    memory.interrupted('item_a', 1000)
    expect(memory.turns()).toMatchObject([{ speaker: 'assistant', text: 'one two three four…', interrupted: true }])
  })

  it('forgets the oldest turns beyond 200', () => {
    const memory = new ConversationMemory()
    for (let index = 0; index < 205; index++) memory.transcript(`item_${index}`, 'caller', `turn ${index}`)
    const turns = memory.turns()
    expect(turns).toHaveLength(200)
    expect(turns[0]).toMatchObject({ speaker: 'caller', text: 'turn 5' })
  })
})

describe('heardPart', () => {
  it('is the whole text when all was heard, nothing when almost nothing was', () => {
    expect(heardPart('a b c d', 2000, 2000)).toBe('a b c d')
    expect(heardPart('a b c d', 100, 2000)).toBe('')
    expect(heardPart('a b c d', 1000, 2000)).toBe('a b…')
    expect(heardPart('a b c d', 500, 0)).toBe('a b c d')
  })
})

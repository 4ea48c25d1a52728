import { describe, expect, it } from 'vitest'
import { aiCost, aiPriceTableSchema, DEFAULT_AI_PRICES } from './ai-pricing'

const none = { inputTextTokens: 0, inputAudioTokens: 0, cachedTextTokens: 0, cachedAudioTokens: 0, outputTextTokens: 0, outputAudioTokens: 0, transcriptionInputTokens: 0, transcriptionOutputTokens: 0 }

describe('aiCost', () => {
  it('prices each kind of token at its own rate per million', () => {
    const prices = aiPriceTableSchema.parse({})
    expect(prices).toEqual(DEFAULT_AI_PRICES)
    // A minute of caller audio (600 tokens) and 20 s of answers (400 tokens), 1 000 tokens of instructions.
    const cost = aiCost({ ...none, inputAudioTokens: 600, outputAudioTokens: 400, inputTextTokens: 1000 }, prices)
    expect(cost).toEqual({ inputTokens: 1600, outputTokens: 400, costUsd: (600 * 32 + 400 * 64 + 1000 * 4) / 1e6 })
  })

  it('bills cached input far below fresh input, and counts transcription apart', () => {
    const prices = aiPriceTableSchema.parse({ inputAudio: 10 })
    expect(prices.inputAudio).toBe(10)
    expect(aiCost({ ...none, cachedAudioTokens: 1e6 }, prices).costUsd).toBe(0.4)
    expect(aiCost({ ...none, transcriptionInputTokens: 1e6, transcriptionOutputTokens: 1e6 }, prices)).toEqual({ inputTokens: 1e6, outputTokens: 1e6, costUsd: 6.25 })
  })
})

import { z } from 'zod'

// What an AI call's tokens cost, by kind: the Realtime API bills text and audio, input (less for
// cached input) and output, at different rates, and input transcription by its own model
// (https://openai.com/api/pricing: gpt-realtime, gpt-4o-mini-transcribe). Configurable with
// PRICE_AI_PER_MILLION_TOKENS; the defaults are the list prices.

export const DEFAULT_AI_PRICES = {
  inputText: 4,
  cachedText: 0.4,
  outputText: 16,
  inputAudio: 32,
  cachedAudio: 0.4,
  outputAudio: 64,
  transcriptionInput: 1.25,
  transcriptionOutput: 5,
} as const

const price = (usd: number) => z.number().min(0).default(usd)
export const aiPriceTableSchema = z.object({
  inputText: price(DEFAULT_AI_PRICES.inputText),
  cachedText: price(DEFAULT_AI_PRICES.cachedText),
  outputText: price(DEFAULT_AI_PRICES.outputText),
  inputAudio: price(DEFAULT_AI_PRICES.inputAudio),
  cachedAudio: price(DEFAULT_AI_PRICES.cachedAudio),
  outputAudio: price(DEFAULT_AI_PRICES.outputAudio),
  transcriptionInput: price(DEFAULT_AI_PRICES.transcriptionInput),
  transcriptionOutput: price(DEFAULT_AI_PRICES.transcriptionOutput),
})

export type AiPriceTable = z.infer<typeof aiPriceTableSchema>

/** The media server's token counts (media-server/call-report.ts `TokenUsage`). */
export const tokenUsageSchema = z.object({
  inputTextTokens: z.number().int().min(0),
  inputAudioTokens: z.number().int().min(0),
  cachedTextTokens: z.number().int().min(0),
  cachedAudioTokens: z.number().int().min(0),
  outputTextTokens: z.number().int().min(0),
  outputAudioTokens: z.number().int().min(0),
  transcriptionInputTokens: z.number().int().min(0),
  transcriptionOutputTokens: z.number().int().min(0),
})

export type TokenUsage = z.infer<typeof tokenUsageSchema>

export function aiCost(usage: TokenUsage, prices: AiPriceTable): { inputTokens: number; outputTokens: number; costUsd: number } {
  const perToken = (usdPerMillion: number, tokens: number) => (usdPerMillion * tokens) / 1e6
  const costUsd =
    perToken(prices.inputText, usage.inputTextTokens) +
    perToken(prices.cachedText, usage.cachedTextTokens) +
    perToken(prices.outputText, usage.outputTextTokens) +
    perToken(prices.inputAudio, usage.inputAudioTokens) +
    perToken(prices.cachedAudio, usage.cachedAudioTokens) +
    perToken(prices.outputAudio, usage.outputAudioTokens) +
    perToken(prices.transcriptionInput, usage.transcriptionInputTokens) +
    perToken(prices.transcriptionOutput, usage.transcriptionOutputTokens)
  return {
    inputTokens: usage.inputTextTokens + usage.inputAudioTokens + usage.cachedTextTokens + usage.cachedAudioTokens + usage.transcriptionInputTokens,
    outputTokens: usage.outputTextTokens + usage.outputAudioTokens + usage.transcriptionOutputTokens,
    costUsd: Math.round(costUsd * 1e6) / 1e6,
  }
}

/**
 * Token usage for `response.done.response.usage`, derived from what the response consumed
 * and produced. OpenAI bills audio by duration: its "Managing costs" guide for the
 * Realtime API counts user audio at 1 token per 100 ms and assistant audio at 1 token per
 * 50 ms. Text uses the usual ~4 characters per token. The whole conversation is the input
 * of every response (its guide: "the entire conversation is sent to the model for each
 * Response"), so input grows turn by turn; a truncated assistant item only counts the audio
 * that was kept. Caching is not modelled: cached_tokens is always 0.
 */

export interface UsageInput {
  /** Text the model reads: instructions, tool definitions, text items, transcripts. */
  inputText: string
  userAudioMs: number
  assistantAudioMs: number
  outputText: string
  outputAudioMs: number
}

export interface RealtimeUsage {
  total_tokens: number
  input_tokens: number
  output_tokens: number
  input_token_details: {
    text_tokens: number
    audio_tokens: number
    image_tokens: number
    cached_tokens: number
    cached_tokens_details: { text_tokens: number; audio_tokens: number; image_tokens: number }
  }
  output_token_details: { text_tokens: number; audio_tokens: number }
}

export const USER_AUDIO_MS_PER_TOKEN = 100
export const ASSISTANT_AUDIO_MS_PER_TOKEN = 50
const CHARS_PER_TOKEN = 4

export function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN)
}

export function computeUsage(input: UsageInput): RealtimeUsage {
  const inputText = textTokens(input.inputText)
  const inputAudio =
    Math.ceil(input.userAudioMs / USER_AUDIO_MS_PER_TOKEN) + Math.ceil(input.assistantAudioMs / ASSISTANT_AUDIO_MS_PER_TOKEN)
  const outputText = textTokens(input.outputText)
  const outputAudio = Math.ceil(input.outputAudioMs / ASSISTANT_AUDIO_MS_PER_TOKEN)
  const inputTokens = inputText + inputAudio
  const outputTokens = outputText + outputAudio
  return {
    total_tokens: inputTokens + outputTokens,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    input_token_details: {
      text_tokens: inputText,
      audio_tokens: inputAudio,
      image_tokens: 0,
      cached_tokens: 0,
      cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 },
    },
    output_token_details: { text_tokens: outputText, audio_tokens: outputAudio },
  }
}

/** Usage of `conversation.item.input_audio_transcription.completed`: whisper-1 is billed by duration, the gpt-4o transcribe models by tokens. */
export function transcriptionUsage(model: string, audioMs: number, transcript: string) {
  if (model.startsWith('whisper')) return { type: 'duration' as const, seconds: audioMs / 1000 }
  const audioTokens = Math.ceil(audioMs / USER_AUDIO_MS_PER_TOKEN)
  const outputTokens = textTokens(transcript)
  return {
    type: 'tokens' as const,
    input_tokens: audioTokens,
    output_tokens: outputTokens,
    total_tokens: audioTokens + outputTokens,
    input_token_details: { audio_tokens: audioTokens, text_tokens: 0 },
  }
}

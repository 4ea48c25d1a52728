// The OpenAI Realtime voices a number may choose instead of the organization's default
// (https://platform.openai.com/docs/guides/realtime-conversations#voice-options).
export const REALTIME_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const
export type RealtimeVoice = (typeof REALTIME_VOICES)[number]

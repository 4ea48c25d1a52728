// How a call's audio reaches the Realtime API: 'pcmu' passes Twilio's G.711 μ-law straight
// through; 'pcm16' has the media server resample it to 24 kHz PCM (media-server/audio-path.ts).
// Its own module, free of Node's crypto, so the settings page can list them too.
export const AUDIO_FORMATS = ['pcmu', 'pcm16'] as const
export type AudioFormat = (typeof AUDIO_FORMATS)[number]

/** Audio pipeline of the media server: G.711 μ-law ↔ 16-bit PCM, and 8 kHz ↔ 24 kHz resampling. */
export { mulawDecode, mulawDecodeInto, mulawEncode, mulawEncodeInto } from './mulaw'
export { createResampler, type Resampler, type ResamplerOptions } from './resampler'

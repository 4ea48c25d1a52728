import { describe, expect, it } from 'vitest'
import { ConfigError, parseMediaServerConfig } from './config'

const localSecrets = () => ({ MEDIA_STREAM_SECRET: 'local-dev-secret-0123456789abcdef0123456' })
const readCa = (file: string) => `PEM from ${file}`

describe('media server configuration', () => {
  it('runs against the sandbox stand-in without an OpenAI key, with dev defaults', () => {
    const config = parseMediaServerConfig({}, { localSecrets, readCa })
    expect(config).toMatchObject({ port: 8081, host: '127.0.0.1', streamSecret: localSecrets().MEDIA_STREAM_SECRET })
    expect(config.realtime).toMatchObject({ sandbox: true, baseURL: 'https://127.0.0.1:8092/v1', model: 'gpt-realtime' })
    expect(config.realtime.ca?.()).toMatch(/^PEM from .*\.local\/realtime-tls\/cert\.pem$/)
  })

  it('uses OpenAI itself when OPENAI_API_KEY is set', () => {
    const config = parseMediaServerConfig({ OPENAI_API_KEY: 'sk-live', MEDIA_STREAM_SECRET: 'x'.repeat(32), OPENAI_REALTIME_MODEL: 'gpt-realtime-mini' }, { localSecrets, readCa })
    expect(config.realtime).toEqual({ apiKey: 'sk-live', baseURL: 'https://api.openai.com/v1', model: 'gpt-realtime-mini', sandbox: false })
  })

  it('names the variable of an invalid value', () => {
    expect(() => parseMediaServerConfig({ MEDIA_SERVER_PORT: 'eighty' }, { localSecrets })).toThrow(/MEDIA_SERVER_PORT/)
    expect(() => parseMediaServerConfig({ MEDIA_STREAM_SECRET: 'short' }, { localSecrets })).toThrow(/MEDIA_STREAM_SECRET: expected at least 32 characters/)
    expect(() => parseMediaServerConfig({ APP_URL: 'not a url' }, { localSecrets })).toThrow(ConfigError)
  })

  it('requires real secrets in production and listens on every interface there', () => {
    const production = { NODE_ENV: 'production', OPENAI_API_KEY: 'sk-live', MEDIA_STREAM_SECRET: 'x'.repeat(32), APP_URL: 'http://app.internal:3000', MEDIA_SERVER_PUBLIC_URL: 'wss://media.example.com' }
    expect(() => parseMediaServerConfig({ ...production, MEDIA_STREAM_SECRET: undefined }, { localSecrets })).toThrow(/MEDIA_STREAM_SECRET: required in production/)
    expect(() => parseMediaServerConfig({ ...production, APP_URL: undefined }, { localSecrets })).toThrow(/APP_URL: required in production/)
    expect(() => parseMediaServerConfig({ ...production, MEDIA_SERVER_PUBLIC_URL: 'ws://media.example.com' }, { localSecrets })).toThrow(/MEDIA_SERVER_PUBLIC_URL: must be a wss:\/\/ URL in production/)
    const config = parseMediaServerConfig(production, { localSecrets })
    expect(config).toMatchObject({ host: '0.0.0.0', appUrl: 'http://app.internal:3000', handBackUrl: 'http://app.internal:3000/api/voice/hand-back', publicUrl: 'wss://media.example.com' })
  })

  it('takes the capacity settings: workers, playback lead, mark interval, frames per append', () => {
    expect(parseMediaServerConfig({}, { localSecrets, readCa })).toMatchObject({ workers: 1, leadMs: 400, chunkMs: 100, framesPerAppend: 3, minBargeInMs: 200 })
    const config = parseMediaServerConfig(
      { MEDIA_SERVER_WORKERS: '2', MEDIA_SERVER_PLAYBACK_LEAD_MS: '600', MEDIA_SERVER_MARK_INTERVAL_MS: '40', MEDIA_SERVER_FRAMES_PER_APPEND: '1', MEDIA_SERVER_MIN_BARGE_IN_MS: '0' },
      { localSecrets, readCa },
    )
    expect(config).toMatchObject({ workers: 2, leadMs: 600, chunkMs: 40, framesPerAppend: 1, minBargeInMs: 0 })
    expect(() => parseMediaServerConfig({ MEDIA_SERVER_MARK_INTERVAL_MS: '50' }, { localSecrets })).toThrow(/MEDIA_SERVER_MARK_INTERVAL_MS: expected a multiple of 20/)
    expect(() => parseMediaServerConfig({ MEDIA_SERVER_WORKERS: '0' }, { localSecrets })).toThrow(/MEDIA_SERVER_WORKERS/)
  })
})

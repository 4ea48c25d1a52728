import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './env'
import { loadLocalSecrets } from './local-secrets'

const noLocalSecrets = () => {
  throw new Error('local secrets should not be needed')
}
const productionSecrets = {
  NEXTAUTH_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEY: `1:${randomBytes(32).toString('base64')}`,
  MEDIA_STREAM_SECRET: 'y'.repeat(40),
}

describe('configuration', () => {
  it('selects the embedded database and sandboxes when nothing is configured', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hekax-config-'))
    const config = parseConfig({}, () => loadLocalSecrets(path.join(dir, 'dev-secrets.json')))
    expect(config.database).toEqual({ kind: 'embedded', port: 5433, dir: '.data/postgres' })
    expect(config.twilio.mode).toBe('sandbox')
    expect(config.openai.mode).toBe('sandbox')
    expect(config.s3.mode).toBe('sandbox')
    expect(config.secrets.encryptionKeyRing).toMatch(/^1:[A-Za-z0-9+/]{43}=$/)
  })

  it('generates development secrets once and reuses them', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'hekax-secrets-')), 'dev-secrets.json')
    const first = loadLocalSecrets(file)
    const second = loadLocalSecrets(file)
    expect(second).toEqual(first)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(first.NEXTAUTH_SECRET).not.toBe(first.MEDIA_STREAM_SECRET)
  })

  it('uses live services and given secrets when configured', () => {
    const config = parseConfig(
      { ...productionSecrets, DATABASE_URL: 'postgresql://u:p@db:5432/hekax', TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'tok', OPENAI_API_KEY: 'sk-x' },
      noLocalSecrets,
    )
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://u:p@db:5432/hekax' })
    expect(config.twilio).toEqual({ mode: 'live', accountSid: `AC${'a'.repeat(32)}`, authToken: 'tok', edge: 'roaming' })
    expect(config.openai.mode).toBe('live')
  })

  it('names the variable and what is expected when a value is invalid', () => {
    expect(() => parseConfig({ PUBLIC_URL: 'not a url' }, noLocalSecrets)).toThrow(/PUBLIC_URL: expected a URL/)
    expect(() => parseConfig({ EMBEDDED_DB_PORT: '99999', ...productionSecrets }, noLocalSecrets)).toThrow(/EMBEDDED_DB_PORT/)
    expect(() => parseConfig({ ENCRYPTION_KEY: 'abc', NEXTAUTH_SECRET: 'x'.repeat(40), MEDIA_STREAM_SECRET: 'y'.repeat(40) }, noLocalSecrets)).toThrow(
      /ENCRYPTION_KEY: expected "<version>:<base64 of 32 bytes>"/,
    )
    expect(() => parseConfig({ TWILIO_ACCOUNT_SID: `AC${'b'.repeat(32)}`, ...productionSecrets }, noLocalSecrets)).toThrow(
      /TWILIO_AUTH_TOKEN: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN together/,
    )
    expect(() => parseConfig({ TWILIO_ACCOUNT_SID: 'ACnope', TWILIO_AUTH_TOKEN: 't', ...productionSecrets }, noLocalSecrets)).toThrow(ConfigError)
  })

  it('requires real secrets and a database in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' }, noLocalSecrets)).toThrow(/NEXTAUTH_SECRET: required in production[\s\S]*DATABASE_URL: required in production/)
  })

  const productionBase = { ...productionSecrets, NODE_ENV: 'production', DATABASE_URL: 'postgresql://u:p@db:5432/hekax' }
  const liveServices = {
    TWILIO_ACCOUNT_SID: `AC${'c'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'tok',
    OPENAI_API_KEY: 'sk-x',
    SMTP_URL: 'smtps://mailer:secret@smtp.example.com:465',
    S3_BUCKET: 'recordings',
    MEDIA_SERVER_PUBLIC_URL: 'wss://media.example.com',
  }

  it('stops a production start without live services unless the sandbox is asked for, naming what is missing', () => {
    expect(() => parseConfig(productionBase, noLocalSecrets)).toThrow(
      'production needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, OPENAI_API_KEY, SMTP_URL, S3_BUCKET; set them, or HEKAX_SANDBOX=1 to run a demo on the local stand-ins',
    )
    expect(() => parseConfig({ ...productionBase, ...liveServices, SMTP_URL: undefined }, noLocalSecrets)).toThrow(/production needs SMTP_URL;/)
    const live = parseConfig({ ...productionBase, ...liveServices }, noLocalSecrets)
    expect(live.twilio.mode).toBe('live')
    expect(live.mail).toEqual({ mode: 'live', smtpUrl: liveServices.SMTP_URL, from: 'HEKAX Phone <no-reply@localhost>' })
    const demo = parseConfig({ ...productionBase, HEKAX_SANDBOX: '1' }, noLocalSecrets)
    expect([demo.twilio.mode, demo.openai.mode, demo.s3.mode, demo.mail.mode]).toEqual(['sandbox', 'sandbox', 'sandbox', 'sandbox'])
    expect(demo.mail.smtpUrl).toBe('smtp://127.0.0.1:8093')
  })

  it('requires a wss:// media server URL in production, except for a sandbox on this machine', () => {
    expect(() => parseConfig({ ...productionBase, ...liveServices, MEDIA_SERVER_PUBLIC_URL: 'ws://media.example.com' }, noLocalSecrets)).toThrow(
      /MEDIA_SERVER_PUBLIC_URL: must be a wss:\/\/ URL in production/,
    )
    expect(() => parseConfig({ ...productionBase, HEKAX_SANDBOX: '1', MEDIA_SERVER_PUBLIC_URL: 'ws://demo.example.com:8081' }, noLocalSecrets)).toThrow(/must be a wss:\/\//)
    expect(parseConfig({ ...productionBase, HEKAX_SANDBOX: '1', MEDIA_SERVER_PUBLIC_URL: 'ws://127.0.0.1:8081' }, noLocalSecrets).mediaServerPublicUrl).toBe('ws://127.0.0.1:8081')
    expect(() => parseConfig({ ...productionBase, ...liveServices, SMTP_URL: 'https://smtp.example.com' }, noLocalSecrets)).toThrow(/SMTP_URL: expected an smtp:\/\/ or smtps:\/\/ URL/)
  })

  it('treats empty values as unset', () => {
    const config = parseConfig({ ...productionSecrets, DATABASE_URL: '', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' }, noLocalSecrets)
    expect(config.database.kind).toBe('embedded')
    expect(config.twilio.mode).toBe('sandbox')
  })
})

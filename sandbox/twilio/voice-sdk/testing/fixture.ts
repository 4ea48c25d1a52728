/**
 * A sandbox with its Voice SDK gateway for tests: an account's API key and TwiML App made
 * through the REST API (as the app provisions them), a number whose TwiML the test chooses, and
 * access tokens built with twilio's own AccessToken.
 */
import twilio from 'twilio'
import { expect } from 'vitest'
import type { Clock } from '../../clock'
import { startTwilioSandbox, type TwilioSandbox } from '../../index'
import { startTwimlApp, type AppRequest, type AppResponse, type TwimlApp } from '../../engine/testing/twiml-app'
import { parentClient } from '../../rest/testing/clients'
import { startVoiceSdkGateway, type VoiceSdkGateway } from '../index'
import { SdkTestClient } from './sdk-client'

export interface GatewayFixture {
  sandbox: TwilioSandbox
  gateway: VoiceSdkGateway
  app: TwimlApp
  key: { sid: string; secret: string }
  applicationSid: string
  number: string
  /** TwiML the number's voice URL answers with, and the app's outgoing (TwiML App) answer. */
  twiml: { inbound: string; outgoing: string }
  token(identity: string, options?: { ttl?: number; secret?: string; incoming?: boolean; params?: Record<string, string> }): string
  device(identity: string): Promise<SdkTestClient>
  close(): Promise<void>
}

export async function startGatewayFixture(options: { clock?: Clock } = {}): Promise<GatewayFixture> {
  const sandbox = await startTwilioSandbox({ clock: options.clock })
  const gateway = await startVoiceSdkGateway({ engine: sandbox.engine, heartbeatIntervalMs: 200 })
  const twiml = { inbound: '<Response><Hangup/></Response>', outgoing: '<Response><Hangup/></Response>' }
  const app = await startTwimlApp((request: AppRequest): AppResponse => (request.path === '/outgoing' ? twiml.outgoing : twiml.inbound))
  const client = parentClient(sandbox)
  const created = await client.newKeys.create({ friendlyName: 'softphone' })
  const application = await client.applications.create({ friendlyName: 'softphone', voiceUrl: app.url('/outgoing') })
  const number = await client.incomingPhoneNumbers.create({ areaCode: '617', voiceUrl: app.url('/voice') })
  const key = { sid: created.sid, secret: created.secret }
  const clients: SdkTestClient[] = []
  const token: GatewayFixture['token'] = (identity, tokenOptions = {}) => {
    const accessToken = new twilio.jwt.AccessToken(sandbox.accountSid, key.sid, tokenOptions.secret ?? key.secret, { identity, ttl: tokenOptions.ttl ?? 3600 })
    accessToken.addGrant(
      new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: tokenOptions.incoming ?? true, outgoingApplicationSid: application.sid, outgoingApplicationParams: tokenOptions.params }),
    )
    return accessToken.toJwt()
  }
  return {
    sandbox,
    gateway,
    app,
    key,
    applicationSid: application.sid,
    number: number.phoneNumber,
    twiml,
    token,
    async device(identity) {
      const device = await SdkTestClient.connect(gateway.url, gateway.caPem)
      clients.push(device)
      expect((await device.listen(token(identity))).type).toBe('connected')
      expect((await device.register()).type).toBe('ready')
      return device
    },
    async close() {
      for (const device of clients) device.close()
      await sandbox.close()
      await gateway.close()
      await app.close()
    },
  }
}

/** The Twilio account the test peer signs stream upgrades for, and its auth token (stream-app.ts registers it). */
export const TEST_ACCOUNT_SID = `AC${'7'.repeat(32)}`
export const TEST_AUTH_TOKEN = 'test-auth-token-5e4d3c2b1a0f9e8d7c6b'

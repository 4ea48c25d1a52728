import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

// Development secrets are generated once into a git-ignored file and reused, so a newcomer needs
// no .env and sessions survive restarts. Production sets these variables explicitly.
export const LOCAL_SECRET_NAMES = ['NEXTAUTH_SECRET', 'ENCRYPTION_KEY', 'MEDIA_STREAM_SECRET'] as const
export type LocalSecretName = (typeof LOCAL_SECRET_NAMES)[number]

export function localSecretsPath(root = process.cwd()): string {
  return path.join(root, '.local', 'dev-secrets.json')
}

function generate(name: LocalSecretName): string {
  // ENCRYPTION_KEY is a key ring: "<version>:<base64 32-byte key>" entries, newest first.
  return name === 'ENCRYPTION_KEY' ? `1:${randomBytes(32).toString('base64')}` : randomBytes(32).toString('base64url')
}

export function loadLocalSecrets(file = localSecretsPath()): Record<LocalSecretName, string> {
  let stored: Partial<Record<LocalSecretName, string>> = {}
  try {
    stored = JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, 'utf8'))
  } catch {
    // first run: nothing stored yet
  }
  const missing = LOCAL_SECRET_NAMES.filter((name) => !stored[name])
  if (missing.length > 0) {
    for (const name of missing) stored[name] = generate(name)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(/*turbopackIgnore: true*/ file, JSON.stringify(stored, null, 2), { mode: 0o600 })
  }
  return stored as Record<LocalSecretName, string>
}

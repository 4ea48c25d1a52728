/**
 * A local TLS identity for the sandbox's secure servers: the Realtime stand-in (openai's
 * `OpenAIRealtimeWS` always dials `wss://`) and the Voice SDK gateway (the SDK always dials
 * `wss://<chunderw>/signal`). A self-signed certificate for `localhost` and 127.0.0.1 is
 * generated once per directory and cached, so clients that pinned it (NODE_EXTRA_CA_CERTS,
 * `ca` in a client's socket options, a browser's trust store) keep trusting it across restarts.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import path from 'node:path'
import selfsigned from 'selfsigned'

export interface TlsIdentity {
  key: string
  cert: string
}

/** Where a server's identity is cached by default: `.local/<name>/` at the repository root. */
export function localTlsDir(name: string): string {
  return path.resolve(import.meta.dirname, '../.local', name)
}

const VALIDITY_DAYS = 825
/** Regenerate a little before expiry rather than serve a certificate that is about to lapse. */
const RENEW_BEFORE_MS = 7 * 24 * 60 * 60 * 1000

export async function loadTlsIdentity(dir: string): Promise<TlsIdentity> {
  const keyFile = path.join(dir, 'key.pem')
  const certFile = path.join(dir, 'cert.pem')
  if (existsSync(keyFile) && existsSync(certFile)) {
    const cached = { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') }
    if (isUsable(cached)) return cached
  }
  const notBeforeDate = new Date(Date.now() - 60_000)
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  })
  await mkdir(dir, { recursive: true })
  // Written key-last under temporary names so a concurrent reader never sees a mismatched pair.
  await writeAtomically(certFile, pems.cert, 0o644)
  await writeAtomically(keyFile, pems.private, 0o600)
  return { key: pems.private, cert: pems.cert }
}

/**
 * Still valid for a while, and a matching pair: two processes starting at once with no
 * cache may each write their own pair, leaving one's key beside the other's certificate.
 */
function isUsable({ key, cert }: TlsIdentity): boolean {
  try {
    const certificate = new X509Certificate(cert)
    return new Date(certificate.validTo).getTime() - Date.now() > RENEW_BEFORE_MS && certificate.checkPrivateKey(createPrivateKey(key))
  } catch {
    return false
  }
}

async function writeAtomically(file: string, contents: string, mode: number): Promise<void> {
  const partial = `${file}.${process.pid}.${Date.now()}.tmp`
  await writeFile(partial, contents, { mode })
  await rename(partial, file)
}

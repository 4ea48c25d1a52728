/**
 * The sandbox's mail server: an SMTP server (the `smtp-server` package) that accepts every
 * message and keeps it in a Mailbox, so sign-up, invite and reset mails can be read at
 * /sandbox/mail and through GET /sandbox/api/mail instead of leaving the machine. The app sends
 * to it with the same SMTP client it uses in production; only the host and port differ.
 */
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { Mailbox } from './mailbox'

export interface MailCatcherOptions {
  /** 0 (the default) picks an ephemeral port. */
  port?: number
  host?: string
  mailbox?: Mailbox
}

export async function startMailCatcher(options: MailCatcherOptions = {}) {
  const mailbox = options.mailbox ?? new Mailbox()
  const host = options.host ?? '127.0.0.1'
  const server = new SMTPServer({
    banner: 'HEKAX sandbox mail catcher',
    // A local catcher: no TLS and no login, as MailHog and Mailpit do.
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: 10 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mailFrom = session.envelope.mailFrom
          mailbox.add({
            from: parsed.from?.text ?? (mailFrom ? mailFrom.address : ''),
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            date: (parsed.date ?? new Date()).toISOString(),
          })
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.server.address() as AddressInfo
  return {
    mailbox,
    port,
    url: `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type MailCatcher = Awaited<ReturnType<typeof startMailCatcher>>
